/**
 * The advisory lock that serialises imports (held for the import's transaction). Rebuilds of the
 * read-side deal facts take it shared, so they never run beside an import
 * (metrics/deal-facts.service.ts).
 */
export const IMPORT_LOCK_KEY = `hashtext('partner_kpi:import')`;
export const IMPORT_LOCK_SQL = `SELECT pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`;
