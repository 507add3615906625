import { issueProblems, keyPolicyOf, keyPolicyOfService } from './key-policy';

const fields = (problems: { field: string }[]) => problems.map((p) => p.field);

describe('key policy', () => {
  const health = keyPolicyOf('health')!;
  const monitoring = keyPolicyOf('statistics')!;

  it('lets a departmental service issue only its own department’s keys and scopes', () => {
    expect(health).toEqual({ departments: ['health'], scopes: ['admin', 'write:health', 'read:health', 'approve:health'] });
    expect(issueProblems(health, { department: 'health', scopes: ['write:health', 'read:health'], label: 'ok' })).toEqual([]);
    expect(fields(issueProblems(health, { department: 'education', scopes: ['read:education'], label: 'x' }))).toEqual(['department', 'scopes[0]']);
    expect(fields(issueProblems(health, { department: 'nowhere', scopes: ['admin'], label: 'x' }))).toEqual(['department']);
    expect(fields(issueProblems(health, { department: 'health', scopes: ['read:health', 'read:monitoring', 'write:education'], label: 'x' }))).toEqual(['scopes[1]', 'scopes[2]']);
    expect(fields(issueProblems(health, { department: 'health', scopes: [], label: ' ' }))).toEqual(['scopes', 'label']);
  });

  it('issues an approver key only apart from writing, and only for the key’s own department', () => {
    expect(issueProblems(health, { department: 'health', scopes: ['approve:health', 'read:health'], label: 'head of MCH' })).toEqual([]);
    expect(issueProblems(health, { department: 'health', scopes: ['write:health', 'approve:health'], label: 'x' })).toEqual([
      { field: 'scopes[1]', reason: expect.stringContaining('cannot also hold a write scope') },
    ]);
    expect(fields(issueProblems(health, { department: 'health', scopes: ['approve:education'], label: 'x' }))).toEqual(['scopes[0]']);
    expect(issueProblems(monitoring, { department: 'statistics', scopes: ['approve:statistics'], label: 'bureau approver' })).toEqual([]);
    expect(fields(issueProblems(monitoring, { department: 'monitoring', scopes: ['approve:statistics'], label: 'x' }))).toEqual(['scopes[0]']);
  });

  it('never echoes a value that is not a scope', () => {
    const [problem] = issueProblems(health, { department: 'health', scopes: ['11010519491231002X'], label: 'x' });
    expect(problem.field).toBe('scopes[0]');
    expect(problem.reason).not.toContain('11010519491231002X');
  });

  it('refuses a label holding a resident ID number, also with invisible characters between its digit groups', () => {
    for (const label of ['MCH 11010519491231002X', '110105\u200b19491231\u200b002X', '110105\u2060 1949 1231\u00ad002x', '１１０１０５１９４９１２３１００２X']) {
      const problems = issueProblems(health, { department: 'health', scopes: ['read:health'], label });
      expect(problems).toEqual([{ field: 'label', reason: expect.stringContaining('resident ID number') }]);
      expect(JSON.stringify(problems)).not.toMatch(/11010519491231002|1949/);
    }
    expect(issueProblems(health, { department: 'health', scopes: ['read:health'], label: 'hospital no. 2, system 20250101' })).toEqual([]);
  });

  it('lets the monitoring service issue statistics and monitoring-team keys with its split scopes, and no longer write:monitoring', () => {
    expect(monitoring.departments).toEqual(['statistics', 'monitoring']);
    expect(issueProblems(monitoring, { department: 'monitoring', scopes: ['read:monitoring', 'handle:alerts', 'manage:subscriptions', 'generate:reports'], label: 'team' })).toEqual([]);
    expect(issueProblems(monitoring, { department: 'statistics', scopes: ['write:statistics', 'read:statistics'], label: 'bureau' })).toEqual([]);
    expect(fields(issueProblems(monitoring, { department: 'monitoring', scopes: ['write:monitoring'], label: 'x' }))).toEqual(['scopes[0]']);
    expect(fields(issueProblems(monitoring, { department: 'monitoring', scopes: ['write:statistics'], label: 'x' }))).toEqual(['scopes[0]']);
    expect(fields(issueProblems(monitoring, { department: 'health', scopes: ['write:health'], label: 'x' }))).toEqual(['department', 'scopes[0]']);
  });

  it('finds a service’s policy by its name, for the keys CLI', () => {
    expect(keyPolicyOfService('monitoring-service')).toEqual({ department: 'statistics', policy: monitoring });
    expect(keyPolicyOfService('health-service')).toEqual({ department: 'health', policy: health });
    expect(keyPolicyOfService('nowhere-service')).toBeUndefined();
    expect(keyPolicyOf('monitoring')).toBeUndefined();
  });
});
