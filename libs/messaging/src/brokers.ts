export function parseBrokers(brokers: string): string[] {
  const list = brokers.split(',').map((b) => b.trim()).filter(Boolean);
  if (list.length === 0) throw new Error('KAFKA_BROKERS is empty');
  return list;
}
