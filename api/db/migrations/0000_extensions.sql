-- drizzle-kit never writes CREATE EXTENSION; trigram similarity serves typo-tolerant name search.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
