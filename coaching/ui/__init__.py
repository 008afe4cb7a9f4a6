"""The only part of `coaching` that imports streamlit: the gate that opens the database and
says who is looking, and small widgets shared by the pages."""
