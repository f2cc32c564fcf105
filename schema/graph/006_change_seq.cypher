// The change counter (nextChangeSeq) is one node, taken by MERGE: with this constraint, two Annals
// processes writing the first change of an empty graph at once take the same node (MERGE locks the
// unique key) instead of creating two counters and handing out one number twice.
CREATE CONSTRAINT change_seq_id IF NOT EXISTS FOR (n:ChangeSeq) REQUIRE n.id IS UNIQUE;
