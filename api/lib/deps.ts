import type { Database } from '../db/client.js';
import type { SearchEngine } from '../search/engine.js';
import type { Logger } from './logger.js';
import type { RateLimitConfig } from './rate-limit.js';
import type { ArchiveMirrorDeps } from '../registry/mirror.js';

/** What every part of the hub is built from; the composition root (bin/) makes the real ones, tests their own. */
export type AppDeps = {
  database: Database;
  logger: Logger;
  search: SearchEngine;
  /** Where Ferrite is reachable from outside: the sparse index's config.json points cargo there. */
  publicUrl: string;
  rateLimit?: RateLimitConfig;
  /** The budget for web form posts (sign-up, sign-in, votes, metadata…), apart from the API's. */
  formRateLimit?: RateLimitConfig;
  /** The budget for pages rendered afresh (cache hits, assets, badges and the cargo index are free). */
  pageRateLimit?: RateLimitConfig;
  clock?: () => Date;
  /** GitHub OAuth client for "Sign in with GitHub"; without it the button is not offered. */
  github?: { clientId: string; clientSecret: string } | null;
  /** Mirror mode: the `.crate` store cargo's `dl` serves from, and its upstream; without it, downloads are 404. */
  archives?: ArchiveMirrorDeps;
  /** Where the daily export snapshot is kept (`<data dir>/exports`); without it, its URL answers 404. */
  exportsDir?: string;
  /** How long a rendered public page is reused (0 turns the page cache off). */
  pageCacheMs?: number;
};

export const DEFAULT_RATE_LIMIT: RateLimitConfig = { windowMs: 60_000, limit: 600, trustProxy: false };
// A person filling in forms posts a few times a minute; a script creating accounts posts far more.
export const DEFAULT_FORM_RATE_LIMIT: RateLimitConfig = { windowMs: 60_000, limit: 60, trustProxy: false };
// A rendered page costs milliseconds of database work; people browsing stay far below this.
export const DEFAULT_PAGE_RATE_LIMIT: RateLimitConfig = { windowMs: 60_000, limit: 300, trustProxy: false };

