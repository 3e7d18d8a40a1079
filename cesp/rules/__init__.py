"""The CESP regulation as code. No Django import here: pure functions, dated parameters."""
