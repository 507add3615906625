import { runFaults } from './fault-run';

// The fault scenarios of `npm run test:faults` (kill -9 the broker, the monitoring service and a relay; SIGSTOP
// PostgreSQL) with a smaller load and the approval traffic beside it, inside `npm test`. Everything runs on its
// own throwaway PostgreSQL cluster and Kafka broker, so pausing "the database" never touches the server the other
// suites use.

describe('faults against real processes', () => {
  it('loses no accepted record, counts none twice, counts officially exactly the cells last approved, holds every cell in the state its service acknowledged, and answers only 2xx or 503 + Retry-After within the client timeout', async () => {
    const results = await runFaults({ records: Number(process.env.FAULT_RECORDS ?? 6_000), log: () => undefined });
    expect(results.map((r) => r.scenario)).toHaveLength(4);
    for (const r of results) {
      expect({ scenario: r.scenario, lost: r.lost, duplicates: r.duplicates, badAnswers: r.badAnswers }).toEqual({ scenario: r.scenario, lost: 0, duplicates: 0, badAnswers: 0 });
      expect(r.accepted).toBeGreaterThan(0);
      const a = r.approval;
      expect({ scenario: r.scenario, problems: a.problems, officialDuplicates: a.officialDuplicates, officialLost: a.officialLost, provisionalMismatches: a.provisionalMismatches, stateMismatches: a.stateMismatches, badAnswers: a.badAnswers })
        .toEqual({ scenario: r.scenario, problems: [], officialDuplicates: 0, officialLost: 0, provisionalMismatches: 0, stateMismatches: 0, badAnswers: 0 });
      // Cells went through approve → unlock → correct → re-approve during the fault, and some end approved, some held.
      expect(a.roundsDuringFault).toBeGreaterThan(0);
      expect(a.approvedCells).toBeGreaterThan(0);
      expect(a.heldCells).toBeGreaterThan(0);
      expect(a.officialCounted).toBe(a.officialExpected);
      expect(r.ok).toBe(true);
    }
  }, 900_000);
});
