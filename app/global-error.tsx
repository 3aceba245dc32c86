"use client";

export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <main style={{ maxWidth: "40rem", margin: "4rem auto", fontFamily: "system-ui, sans-serif", padding: "0 1rem" }}>
          <h1>Attune is having trouble</h1>
          <p>We could not show this page just now. Please try again in a moment.</p>
          <button type="button" onClick={reset}>
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
