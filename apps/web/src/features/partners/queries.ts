import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { getJson } from '../../api/client';
import type { LeaderboardResponse } from '../../api/types';
import type { PeriodParams } from '../board/queries';

export const partnersKeys = {
  all: ['partners'] as const,
  leaderboard: (p: PeriodParams) => ['partners', 'leaderboard', p] as const,
};

/** GET /api/v1/partners/leaderboard: per partner sourced, influenced, win rate, open pipeline. */
export const leaderboardOptions = (p: PeriodParams) =>
  queryOptions({
    queryKey: partnersKeys.leaderboard(p),
    queryFn: ({ signal }) =>
      getJson<LeaderboardResponse>(
        '/api/v1/partners/leaderboard',
        { from: p.from, to: p.to, ...p.filters },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
