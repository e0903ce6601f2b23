/**
 * Prepared statements cached per connection. Iterations prepare their own statement instead:
 * better-sqlite3 refuses to reuse a statement while one of its iterators is open.
 */
import type Database from 'better-sqlite3-multiple-ciphers'

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>()

export function statement(db: Database.Database, sql: string): Database.Statement {
  let cache = caches.get(db)
  if (!cache) {
    cache = new Map()
    caches.set(db, cache)
  }
  let stmt = cache.get(sql)
  if (!stmt) {
    stmt = db.prepare(sql)
    cache.set(sql, stmt)
  }
  return stmt
}
