export function NotFoundPage() {
  return (
    <section>
      <h1>Not found</h1>
      <p>
        There is no such page. <a href="/incidents">Go to the incidents</a>.
      </p>
    </section>
  );
}
