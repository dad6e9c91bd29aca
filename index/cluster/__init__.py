"""reader's search on a distributed engine: Sphinx 2.2 / Manticore Search,
spoken to in SphinxQL (the MySQL wire protocol, through pymysql).

The engines' own Arabic stemmers over-match (Sphinx's stem_ar gives 8,093
documents for الخلافة where reader's analysis gives 204), so the analysis
stays reader's: a document is analysed here and the engine indexes the
tokens (index.cluster.tokens); a query is compiled by index.compiler and
put in the engine's query language (index.cluster.plans). The engine finds
the matches and their term counts; reader's own BM25 ranks them, so a
cluster answers as the embedded index does (index.cluster.scoring).

Documents are spread over real-time index shards by a stable hash of their
id; a distributed index on an aggregator searches them all. `reader
cluster` starts such a cluster on loopback (index.cluster.processes).
Nothing here imports Whoosh.
"""
