/** A vendor answer's JSON; an empty or non-JSON body (a proxy's error page) as undefined. */
export async function jsonOf(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}
