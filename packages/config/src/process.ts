/**
 * Environment every service process of the hub starts with where it is not set already. glibc's
 * malloc keeps an arena per allocating thread (up to 8 per core: the flows ingest threads, libuv's
 * pool running zlib) and seldom gives back what is freed in them; two arenas cost nothing measurable
 * and, ingesting a 100,000-record flow, kept ~80 MB less resident. glibc reads it when the process
 * starts, so whoever starts the process must set it: the launcher does, and so should a deployment.
 */
export const SERVICE_PROCESS_ENV: Readonly<Record<string, string>> = Object.freeze({ MALLOC_ARENA_MAX: '2' });
