import { BatchedRow, RowsStatement, writeBatchedRows } from './batched-rows';

const claims: RowsStatement = { name: 'claims', sql: 'INSERT claims' };
const answers: RowsStatement = { name: 'answers', sql: 'INSERT answers' };

describe('writeBatchedRows', () => {
  it('writes the rows of each statement with one call, their values as one array per column, statements in first-seen order', async () => {
    const rows: BatchedRow[] = [
      { statement: claims, values: ['p-1', 'k-1', 'ss-a'] },
      { statement: answers, values: ['ss-a', 'key-1', '{}'] },
      { statement: claims, values: ['p-2', 'k-2', 'ss-b'] },
    ];
    const calls: { name: string; columns: unknown[][] }[] = [];
    await writeBatchedRows(rows, async (statement, columns) => void calls.push({ name: statement.name, columns }));
    expect(calls).toEqual([
      { name: 'claims', columns: [['p-1', 'p-2'], ['k-1', 'k-2'], ['ss-a', 'ss-b']] },
      { name: 'answers', columns: [['ss-a'], ['key-1'], ['{}']] },
    ]);
  });

  it('writes nothing when there are no rows', async () => {
    const run = jest.fn();
    await writeBatchedRows([], run);
    expect(run).not.toHaveBeenCalled();
  });

  it('stops at the first statement that fails (the batch is then committed member by member)', async () => {
    const run = jest.fn(async (statement: RowsStatement) => {
      if (statement.name === 'claims') throw new Error('duplicate key');
    });
    await expect(writeBatchedRows([{ statement: claims, values: ['p-1'] }, { statement: answers, values: ['a'] }], run)).rejects.toThrow('duplicate key');
    expect(run).toHaveBeenCalledTimes(1);
  });
});
