import { describe, expect, it } from '@jest/globals';
import { messagesByField } from './SettingsPage';

describe('settings validation messages', () => {
  it("puts each of the API's messages beside the field it names", () => {
    expect(
      messagesByField([
        'reporting_currency must be a 3-letter ISO 4217 code such as USD',
        'gross_margin must be at most 1',
        '3 deal(s) were imported with currency USD; re-import them',
      ]),
    ).toEqual({
      fields: {
        reporting_currency: ['reporting_currency must be a 3-letter ISO 4217 code such as USD'],
        gross_margin: ['gross_margin must be at most 1'],
      },
      general: ['3 deal(s) were imported with currency USD; re-import them'],
    });
  });
});
