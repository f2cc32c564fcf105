// Events that began before a timeline window are found by span class, not by a scan (see
// timelineBucket in src/dataset/plan.ts); those with an open or missing bound by openBounds.
CREATE RANGE INDEX event_span IF NOT EXISTS FOR (n:Event) ON (n.spanClass, n.earliest);
CREATE RANGE INDEX event_open_bounds IF NOT EXISTS FOR (n:Event) ON (n.openBounds);
// Events stored before span classes existed get theirs, by the same rule as timelineBucket.
MATCH (e:Event) WHERE e.spanClass IS NULL AND e.openBounds IS NULL
SET e += CASE WHEN e.earliest IS NULL OR e.latest IS NULL THEN {openBounds: true}
  ELSE {spanClass: size([k IN range(0, 21) WHERE 2 ^ k < duration.inDays(e.earliest, e.latest).days])} END;
