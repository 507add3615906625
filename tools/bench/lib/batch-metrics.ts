/** The monitoring consumer's batch histogram from /metrics: how many batches it applied and their total time. */
export async function batchSeconds(baseUrl: string): Promise<{ sum: number; count: number }> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const num = (name: string) => Number(new RegExp(`^${name} ([0-9.e+-]+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { sum: num('wdp_monitoring_batch_duration_seconds_sum'), count: num('wdp_monitoring_batch_duration_seconds_count') };
}
