export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __stopStack?: () => Promise<void> }).__stopStack?.();
}
