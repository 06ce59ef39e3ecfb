/** Browser stand-in for node:crypto. Shared server code imports it for id generation, which the web app never does. */
export function randomBytes(): never {
  throw new Error('randomBytes is not available in the browser');
}
export function randomUUID(): never {
  throw new Error('randomUUID is not available in the browser');
}
export default { randomBytes, randomUUID };
