"""Streamlit building blocks shared by the pages: filters, cached queries, tables, downloads."""
