// The Sora client: filled in by the client work.
