/**
 * Counts SQL statements sent through an ORM's `onQuery` hook. Tests and benchmarks use it to prove
 * that a request costs a constant number of statements (no N+1), whatever the number of rows.
 */
export class SqlCounter {
  readonly statements: string[] = [];
  private active = false;

  /** The hook to pass as `onQuery`. */
  readonly onQuery = (sql: string): void => {
    if (this.active) this.statements.push(sql);
  };

  /** Runs `work` and returns its result with the statements it sent. */
  async measure<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
    this.statements.length = 0;
    this.active = true;
    try {
      const result = await work();
      return { result, statements: [...this.statements] };
    } finally {
      this.active = false;
    }
  }
}
