// Placeholder: being built.
export function ImportPage() {
  return (
    <section className="card">
      <h1>Import</h1>
    </section>
  );
}
