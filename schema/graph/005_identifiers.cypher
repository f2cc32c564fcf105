// Authority-file identifiers, one whitespace-separated token each ("WIKIDATA:Q42 VIAF:113230702"):
// the whitespace analyzer keeps every token whole, so a look-up is an exact term match.
CREATE FULLTEXT INDEX entity_identifiers IF NOT EXISTS
FOR (n:Person|Organization|Event|Initiative|Place|Source) ON EACH [n.identifierText]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'whitespace' } };
