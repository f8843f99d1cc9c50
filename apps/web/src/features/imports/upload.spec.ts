import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../../api/client';
import { importPath, readImportAnswer } from './upload';

describe('import requests', () => {
  it('puts the options in the query string, leaving out what is not set', () => {
    expect(
      importPath({
        entity: 'deals',
        mode: 'upsert',
        onError: 'reject',
        dryRun: false,
        mapping: null,
      }),
    ).toBe('/api/v1/import/deals?mode=upsert&on_error=reject');
    expect(
      importPath({
        entity: 'accounts',
        mode: 'replace',
        onError: 'skip',
        dryRun: true,
        mapping: 'maven accounts',
      }),
    ).toBe(
      '/api/v1/import/accounts?mode=replace&on_error=skip&dry_run=true&mapping=maven+accounts',
    );
  });

  it('tells a summary from the 422 errors and from other failures', () => {
    const summary = { entity: 'deals', received: 2, rejected: [], warnings: [] };
    expect(readImportAnswer(200, JSON.stringify(summary))).toEqual({ kind: 'done', summary });
    const invalid = {
      statusCode: 422,
      message: '1 invalid value(s); nothing was written',
      error_count: 1,
      errors_truncated: false,
      errors: [{ row: 2, field: 'amount', message: 'amount must be a number' }],
      warnings: [],
    };
    expect(readImportAnswer(422, JSON.stringify(invalid))).toEqual({
      kind: 'invalid',
      body: invalid,
    });
    expect(() => readImportAnswer(400, '{"statusCode":400,"message":"malformed CSV"}')).toThrow(
      new ApiError(400, ['malformed CSV']),
    );
    expect(() =>
      readImportAnswer(
        409,
        JSON.stringify({
          statusCode: 409,
          message: 'replace would orphan rows',
          conflicts: [{ entity: 'deals', count: 3, examples: [] }],
        }),
      ),
    ).toThrow(
      'replace would orphan rows; 3 deals row(s) still point at rows this replace would delete',
    );
    expect(() => readImportAnswer(0, '')).toThrow('The API is not reachable');
  });
});
