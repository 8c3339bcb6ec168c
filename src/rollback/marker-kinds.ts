/**
 * The kinds of signed markers (see `markers/codec.ts`) the rollback writes and acts on. Every read
 * goes through the codec: a marker whose signature does not verify is absent.
 */
/** The status comment's state: plan, step outcomes, who confirmed. */
export const ROLLBACK_MARKER = "rollback";
/** The announcement issue of a revoked tag. */
export const ANNOUNCEMENT_MARKER = "rollback-announcement";
/** The incident issue of a revoked tag. */
export const INCIDENT_MARKER = "rollback-incident";
