/// The thumbnail and contact sheet of a clip, as paths relative to the output folder.
enum Previews {
    static func make(clip: String, folder: String, stem: String, output: String) async throws -> (thumbnail: String, sheet: String) {
        throw ShotFailure("previews are not available yet")
    }
}
