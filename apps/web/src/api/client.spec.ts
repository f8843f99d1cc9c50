import { describe, expect, it } from '@jest/globals';
import { ApiError, errorMessages, toQueryString } from './client';

describe('API client helpers', () => {
  it('repeats array parameters and leaves empty ones out', () => {
    expect(
      toQueryString({
        from: '2026-01-01',
        segment: ['SMB', 'Enterprise'],
        region: [],
        to: undefined,
        x: null,
        limit: 50,
      }),
    ).toBe('?from=2026-01-01&segment=SMB&segment=Enterprise&limit=50');
    expect(toQueryString({})).toBe('');
    expect(toQueryString({ partner_tier: ['Gold & Silver'] })).toBe(
      '?partner_tier=Gold+%26+Silver',
    );
  });
  it("keeps every message of the API's error bodies", () => {
    expect(errorMessages({ statusCode: 400, message: ['a', 'b'] }, 400)).toEqual(['a', 'b']);
    expect(errorMessages({ statusCode: 409, message: 'conflict' }, 409)).toEqual(['conflict']);
    expect(errorMessages(undefined, 502)).toEqual(['The server failed (HTTP 502)']);
    const e = new ApiError(400, ['gross_margin must be at most 1']);
    expect(e.message).toBe('gross_margin must be at most 1');
    expect(e.status).toBe(400);
  });
});
