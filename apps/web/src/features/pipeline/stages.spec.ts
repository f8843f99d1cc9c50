import { describe, expect, it } from '@jest/globals';
import { STAGE_CLOSED_AFTER_AS_OF, STAGE_NONE } from '@partner-kpi/metrics';
import { stageRows } from './stages';

describe('pipeline by stage', () => {
  it('puts usual funnel stages in funnel order, others alphabetically, the API buckets last', () => {
    const rows = stageRows([
      { stage_name: STAGE_NONE, class: 'direct', amount: 5, count: 1 },
      { stage_name: 'Negotiation', class: 'sourced', amount: 10, count: 1 },
      { stage_name: 'Zeta custom', class: 'direct', amount: 1, count: 1 },
      { stage_name: 'Prospecting', class: 'influenced', amount: 20, count: 2 },
      { stage_name: 'Prospecting', class: 'direct', amount: 30, count: 3 },
      { stage_name: STAGE_CLOSED_AFTER_AS_OF, class: 'sourced', amount: 7, count: 1 },
      { stage_name: 'Alpha custom', class: 'other', amount: 2, count: 1 },
    ]);
    expect(rows.map((r) => r.stage)).toEqual([
      'Prospecting',
      'Negotiation',
      'Alpha custom',
      'Zeta custom',
      STAGE_NONE,
      STAGE_CLOSED_AFTER_AS_OF,
    ]);
    expect(rows[0]).toEqual({
      stage: 'Prospecting',
      count: 5,
      total: 50,
      sourced: 0,
      influenced: 20,
      direct: 30,
      other: 0,
    });
  });
});
