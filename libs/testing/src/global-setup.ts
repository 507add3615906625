// Placeholder until helper-3 lands the real infrastructure resolution.
export default async function globalSetup(): Promise<void> {}
