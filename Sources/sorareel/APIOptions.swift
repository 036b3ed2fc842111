import ArgumentParser
import SoraAPI
import SoraClient

/// Flags that choose and reach a Sora API; each overrides its environment variable.
struct APIOptions: ParsableArguments {
    @Option(name: .long, help: "azure (Sora 1 jobs) or openai (Sora 2 /videos, on OpenAI or Azure).")
    var api: VideoAPI?

    @Option(name: .long, help: "The model, or on Azure the deployment name.")
    var model: String?

    @Option(name: .long, help: "API endpoint (overrides AZURE_OPENAI_ENDPOINT / OPENAI_BASE_URL).")
    var endpoint: String?

    @Flag(name: .long, help: "Use the built-in emulator even when an endpoint is configured.")
    var emulator = false

    var overrides: SoraClientConfiguration.Overrides {
        SoraClientConfiguration.Overrides(api: self.api, endpoint: self.endpoint, model: self.model)
    }
}
