// @partner-kpi/metrics: the metric definitions of docs/spec/metrics.md as pure functions
// over typed rows (no I/O, no clock: the period and the as-of date are arguments).

export * from './types.js';
export * from './catalog.js';
export {
  addDays,
  addMonths,
  checkPeriod,
  dayNumber,
  daysBetween,
  firstDayOfMonth,
  fromDayNumber,
  inRange,
  isIsoDate,
  isIsoMonth,
  lastDayOfMonth,
  minDate,
  monthOf,
} from './dates.js';
export {
  GRAINS,
  fiscalQuarterOf,
  fiscalQuarterPeriod,
  fiscalYearOf,
  fiscalYearPeriod,
  monthPeriod,
  periodContaining,
  periodsOverlapping,
} from './fiscal.js';
export type { Grain, LabelledPeriod } from './fiscal.js';
export { compareIds } from './order.js';
export { accountMatcher, hasAccountFilters, hasPartnerFilters, partnerMatcher } from './filters.js';
export type { IdMatcher } from './filters.js';
export { classifyDeal, indexTouchesByDeal, isPartnerClass, touchCutoff } from './classes.js';
export type { Classification } from './classes.js';
export { classify, prepareDataset } from './context.js';
export type { ClassifiedDeal, Context } from './context.js';
export { cycleDays, median } from './cro.js';
export { firstWins } from './cmo.js';
export { retentionCohort } from './cfo.js';
export type { AttachmentGroup, CohortAccount, RetentionCohort } from './cfo.js';
export {
  computeFacts,
  computeMetrics,
  computeMetricsFromContext,
  computeSeries,
  metricsFromFacts,
} from './metrics.js';
export {
  CRO_FACTS_CLASSES,
  MEDIAN_TOLERANCE,
  emptyClosedFacts,
  emptyFacts,
  emptyRetentionFacts,
  factsDiff,
  factsEqual,
} from './facts.js';
export type {
  ClosedFacts,
  CroFactsClass,
  MetricsFacts,
  NewCustomerFacts,
  RetentionFacts,
} from './facts.js';
export type { SeriesEntry } from './metrics.js';
export {
  STAGE_CLOSED_AFTER_AS_OF,
  STAGE_NONE,
  computePipeline,
  computePipelineFromContext,
  isOpenAt,
} from './pipeline.js';
export type { PipelineDeal, PipelineResult, PipelineStageRow } from './pipeline.js';
export { computeLeaderboard, computeLeaderboardFromContext, splitEvenly } from './leaderboard.js';
export type { LeaderboardRow } from './leaderboard.js';
export {
  NotDrillableError,
  drillDown,
  drillDownFromContext,
  drillDownPipeline,
} from './drilldown.js';
export type {
  DrillAccountRow,
  DrillDealRow,
  DrillDownResult,
  DrillRole,
  PipelineDrillDownResult,
} from './drilldown.js';
export { RANDOM_DATASET_SPAN, mulberry32, randomDataset } from './testing/random-dataset.js';
export type { RandomDatasetOptions } from './testing/random-dataset.js';
export {
  makeAccount,
  makeArr,
  makeAttachment,
  makeDataset,
  makeDeal,
  makePartner,
  makeSpend,
  makeTouch,
} from './testing/builders.js';
