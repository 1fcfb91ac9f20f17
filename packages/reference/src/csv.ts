/** One parsed record and the 1-based line on which it starts, for error messages. */
interface Row {
  fields: string[];
  line: number;
}

function parseRows(text: string): Row[] {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: Row[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  let i = 0;

  const endRow = (): void => {
    fields.push(field);
    rows.push({ fields, line: rowLine });
    fields = [];
    field = '';
  };
  const lineBreakAt = (at: number): number => {
    if (input[at] === '\r' && input[at + 1] === '\n') return 2;
    return input[at] === '\n' || input[at] === '\r' ? 1 : 0;
  };

  while (i < input.length) {
    const char = input[i];
    if (char === '"') {
      if (field !== '') {
        throw new SyntaxError(`CSV line ${line}: a quote inside an unquoted field; quote the whole field and double the quote`);
      }
      const openedOn = line;
      i += 1;
      for (;;) {
        if (i >= input.length) {
          throw new SyntaxError(`CSV line ${openedOn}: unterminated quoted field (the quote opened here is never closed)`);
        }
        const inner = input[i];
        if (inner === '"') {
          if (input[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        const breakLength = lineBreakAt(i);
        if (breakLength > 0) {
          field += input.slice(i, i + breakLength);
          line += 1;
          i += breakLength;
          continue;
        }
        field += inner;
        i += 1;
      }
      if (i < input.length && input[i] !== ',' && lineBreakAt(i) === 0) {
        throw new SyntaxError(`CSV line ${line}: unexpected character ${JSON.stringify(input[i])} after a closing quote`);
      }
      continue;
    }
    if (char === ',') {
      fields.push(field);
      field = '';
      i += 1;
      continue;
    }
    const breakLength = lineBreakAt(i);
    if (breakLength > 0) {
      endRow();
      line += 1;
      rowLine = line;
      i += breakLength;
      continue;
    }
    field += char;
    i += 1;
  }
  // The last record, unless the text ended with a line break (or was empty).
  const last = input.at(-1);
  if (last !== undefined && last !== '\n' && last !== '\r') {
    endRow();
  }
  return rows;
}

/**
 * Parses RFC 4180 CSV into rows of fields. Accepts quoted fields (with commas, doubled quotes and
 * line breaks inside), CRLF, LF or lone CR line endings, an optional trailing line break and a
 * leading UTF-8 BOM. Empty text gives no rows; a blank line in the middle is a row with one empty
 * field. Malformed quoting throws a SyntaxError naming the line, rather than guessing, because the
 * files read here are reference data where a silent mis-parse would shift every column.
 */
export function parseCsv(text: string): string[][] {
  return parseRows(text).map((row) => row.fields);
}

/**
 * Parses CSV whose first row is the header into one object per record, keyed by column name.
 * Blank lines are skipped. Throws, naming the line, on a duplicate or empty column name and on a
 * record with a different number of fields than the header, so a broken data file fails at load
 * time instead of yielding `undefined` columns later.
 */
export function parseCsvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseRows(text);
  if (!header) return [];
  const columns = header.fields;
  const seen = new Set<string>();
  for (const column of columns) {
    if (column === '') throw new SyntaxError(`CSV line ${header.line}: empty column name in the header`);
    if (seen.has(column)) throw new SyntaxError(`CSV line ${header.line}: duplicate column name ${JSON.stringify(column)}`);
    seen.add(column);
  }
  const records: Record<string, string>[] = [];
  for (const { fields, line } of rows) {
    if (fields.length === 1 && fields[0] === '') continue;
    if (fields.length !== columns.length) {
      throw new SyntaxError(`CSV line ${line}: ${fields.length} fields, but the header has ${columns.length}`);
    }
    const record: Record<string, string> = {};
    columns.forEach((column, index) => {
      record[column] = fields[index] ?? '';
    });
    records.push(record);
  }
  return records;
}

/**
 * Formats one CSV record (without the line terminator). A value is quoted only when it holds a
 * comma, a quote or a line break, with inner quotes doubled, so the output round-trips through
 * `parseCsv` and stays diff-friendly.
 */
export function toCsvLine(values: readonly string[]): string {
  return values.map((value) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value)).join(',');
}
