// Placeholder: being built.
export function DataQualityPage() {
  return (
    <section className="card">
      <h1>Data quality</h1>
    </section>
  );
}
