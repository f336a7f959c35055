"""The facade's queries, one module per concern beside ``store/tables/<concern>.py``: plain functions of a
connection and the values they need, returning rows or frames. No roles here: the facade's services decide
who may ask (nbgrader keeps its ``Gradebook`` apart from the API the apps call in the same way)."""
