// Placeholder: being built.
export function BoardPackPage() {
  return (
    <section className="card">
      <h1>Board pack</h1>
    </section>
  );
}
