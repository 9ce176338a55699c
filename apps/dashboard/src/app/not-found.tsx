import Link from 'next/link';

export default function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p>
        No page here. Go to the <Link href="/runs">runs</Link>.
      </p>
    </>
  );
}
