import SoraAPI
import Testing

struct LimitsTests {
    @Test(arguments: [(1920, 1080, 1), (1080, 1080, 1), (1280, 720, 2), (720, 720, 2), (854, 480, 4), (480, 480, 4)])
    func variantsPerSize(_ width: Int, _ height: Int, _ maximum: Int) {
        #expect(Sora1Limits.maxVariants(width: width, height: height) == maximum)
        let ok = CreateVideoGenerationRequest(prompt: "p", width: width, height: height, nVariants: maximum, model: "sora")
        #expect(Sora1Limits.problem(in: ok) == nil)
        var tooMany = ok
        tooMany.nVariants = maximum + 1
        #expect(Sora1Limits.problem(in: tooMany)?.param == "n_variants")
    }

    @Test func sora1SizesAndDurations() {
        let request = CreateVideoGenerationRequest(prompt: "p", width: 640, height: 480, model: "sora")
        #expect(Sora1Limits.problem(in: request)?.message.contains("unsupported size 640x480") == true)
        let long = CreateVideoGenerationRequest(prompt: "p", width: 480, height: 480, nSeconds: 25, model: "sora")
        #expect(Sora1Limits.problem(in: long)?.message == "n_seconds 25 is outside 1-20")
        let crop = CreateVideoGenerationRequest(
            prompt: "p", width: 480, height: 480, model: "sora",
            inpaintItems: [InpaintItem(fileName: "a.jpg", cropBounds: CropBounds(leftFraction: 0.9, rightFraction: 0.1))]
        )
        #expect(Sora1Limits.problem(in: crop)?.param == "inpaint_items")
    }

    @Test func sora2SecondsAndSizesPerModel() {
        #expect(Sora2Limits.problem(prompt: "p", model: "sora-2", seconds: "8", size: "1280x720") == nil)
        #expect(Sora2Limits.problem(prompt: "p", model: "sora-2", seconds: "5", size: nil)?.param == "seconds")
        #expect(Sora2Limits.problem(prompt: "p", model: "sora-2", seconds: nil, size: "1792x1024")?.param == "size")
        #expect(Sora2Limits.problem(prompt: "p", model: "sora-2-pro", seconds: "12", size: "1792x1024") == nil)
        #expect(Sora2Limits.problem(prompt: "", model: nil, seconds: nil, size: nil)?.param == "prompt")
    }

    @Test(arguments: ["task_01jw", "gen-1", "video_68f1", "video_bGl0ZWxsbTp+Y3VzdG9t/X2xsbQ==", "a b", "x%2F..", "../../etc/x", "ü"])
    func anyIDIsUsableAndRoundTripsAsOnePathSegment(_ id: String) throws {
        #expect(SoraPaths.isUsableID(id))
        let segment = SoraPaths.segment(id)
        #expect(!segment.contains("/") && !segment.contains("+") && !segment.contains("=") && !segment.contains(" "))
        #expect(SoraPaths.id(fromSegment: segment) == id)
        #expect(SoraPaths.video(id) == "/videos/" + segment)
    }

    @Test(arguments: ["", "a\nb", "tab\there", "bell\u{7}", String(repeating: "a", count: 1025)])
    func onlyUnusableIDsAreRefused(_ id: String) { #expect(!SoraPaths.isUsableID(id)) }
}
