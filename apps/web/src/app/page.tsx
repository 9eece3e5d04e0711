export default function Home() {
  return <h1>monorepo-auth</h1>;
}
