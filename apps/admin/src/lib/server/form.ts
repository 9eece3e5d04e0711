/**
 * The body of a form post, or null when it cannot be read as one (SvelteKit has already
 * refused other content types with 415): a malformed body is the request's fault, a 400,
 * never a 500.
 */
export async function readForm(request: Request): Promise<FormData | null> {
  try {
    return await request.formData();
  } catch {
    return null;
  }
}

/** A text field of a form; a file, or no field, is null. */
export function textField(form: FormData, name: string): string | null {
  const value = form.get(name);
  return typeof value === "string" ? value : null;
}
