"""The Spark engine: the declared features, rules and policy compiled to Spark DataFrame operations
(``ringfence detect --engine spark``, and the Structured Streaming job of ``ringfence spark-stream``).

Needs the ``spark`` extra (PySpark) and a Java 17 runtime; nothing here is imported by the local
engine.
"""
