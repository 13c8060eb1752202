"""Ingestion: read files safely, parse policy texts and project lists, extract
entities and relations with provenance, and write each document atomically."""
