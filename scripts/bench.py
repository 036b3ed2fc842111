"""The benchmark cases of scripts/bench (which sets the environment: SORAREEL_BIN, BENCH_WORK, BENCH_CORPUS, BENCH_SCRIPTS)."""
import glob, json, os, re, shlex, shutil, statistics, subprocess, sys, time

BIN = os.environ["SORAREEL_BIN"]
WORK = os.environ["BENCH_WORK"]
CORPUS = os.environ["BENCH_CORPUS"]
MOV = "mov,mp4,m4a,3gp,3g2,mj2"
FFPROBE = ["ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json"]
SYNC = False
COMMANDS = []  # (label, command text) of the current table, printed under it
NOTES = []
SPREADS = []  # fastest–slowest wall of each side, per case


def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


def run_one(command):
    """Runs one command with its output discarded; returns (exit status, peak RSS MiB)."""
    if SYNC: os.sync()  # start each write-heavy run with no dirty pages from the last
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def measure(commands):
    """Runs commands one after another; returns (total wall seconds, largest peak RSS MiB, exit codes)."""
    start = time.perf_counter()
    peak, codes = 0.0, []
    for command in commands:
        code, rss = run_one(command)
        peak = max(peak, rss)
        codes.append(code)
    return time.perf_counter() - start, peak, codes


def median_of(runs, commands, allowed=(0,)):
    """Median wall time and median peak RSS of `runs` repetitions. Fails if any exit code is not allowed."""
    results = []
    for _ in range(runs):
        wall, peak, codes = measure(commands)
        bad = [c for c in codes if c not in allowed]
        if bad:
            raise SystemExit(f"bench: {shlex.join(commands[0])} ... exited with {bad[0]} during timing")
        results.append((wall, peak))
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)


def compare(runs, ours, theirs, label, ours_allowed=(0,), theirs_allowed=(0,), warmup=True):
    """Times sorareel's commands and the tool's in alternation (A B, B A, A B, ...), so that load
    from other work on the machine falls on both alike; returns the two (median wall, median peak).
    `warmup` first runs each side once untimed (page cache, dynamic loader)."""
    if warmup:
        measure(ours); measure(theirs)
    samples = {"ours": [], "theirs": []}
    for index in range(runs):
        order = [("ours", ours, ours_allowed), ("theirs", theirs, theirs_allowed)]
        for side, commands, allowed in (order if index % 2 == 0 else order[::-1]):
            wall, peak, codes = measure(commands)
            bad = [c for c in codes if c not in allowed]
            if bad:
                raise SystemExit(f"bench: {shlex.join(commands[0])} ... exited with {bad[0]} during timing")
            samples[side].append((wall, peak))
    walls = {side: sorted(w for w, _ in values) for side, values in samples.items()}
    SPREADS.append(f"{label}: sorareel {walls['ours'][0]:.3f}–{walls['ours'][-1]:.3f} s, "
                   f"tool {walls['theirs'][0]:.3f}–{walls['theirs'][-1]:.3f} s")
    return tuple((statistics.median(w for w, _ in values), statistics.median(p for _, p in values))
                 for values in (samples["ours"], samples["theirs"]))


def row(case, ours, theirs, tool):
    speed = theirs[0] / ours[0] if ours[0] > 0 else float("inf")
    memory = ours[1] / theirs[1] if theirs[1] > 0 else float("inf")
    print(f"| {case} | {ours[0]:.3f} | {theirs[0]:.3f} ({tool}) | {speed:.2f}x | {ours[1]:.0f} | {theirs[1]:.0f} | {memory:.2f} |", flush=True)


def header(title):
    print(f"\n## {title}\n")
    print("| case | sorareel wall (s) | ffmpeg-tool wall (s) | speed ratio (tool / sorareel, >1: sorareel faster) | sorareel peak RSS (MiB) | tool peak RSS (MiB) | memory ratio (sorareel / tool) |")
    print("|---|---|---|---|---|---|---|", flush=True)


def footer():
    if COMMANDS:
        print("\nCommands (stdout and stderr to /dev/null, default thread counts for both):\n")
        for label, text in COMMANDS:
            print(f"- {label}: `{text}`")
    if NOTES:
        print("\nNotes:\n")
        for note in NOTES:
            print(f"- {note}")
    if SPREADS:
        print("\nFastest–slowest wall time of the repetitions:\n")
        for spread in SPREADS:
            print(f"- {spread}")
    COMMANDS.clear(); NOTES.clear(); SPREADS.clear()
    sys.stdout.flush()


def show(command, files_label=None, count=0):
    """A command as text, with a long file list shortened."""
    if files_label is None:
        return shlex.join(command)
    return shlex.join(command[:len(command) - count]) + f" {files_label}"


def synth(path, size, seconds, seed, audio=False, fps=30):
    command = [BIN, "synth", path, "--size", size, "--seconds", str(seconds), "--seed", seed, "--fps", str(fps), "--quiet"]
    if audio: command.append("--audio")
    subprocess.run(command, check=True)


# ---------------------------------------------------------------- probe and validate

def good_fixtures():
    """The clips of the "Good clips" table of Fixtures/media/README.md."""
    try:
        readme = open("Fixtures/media/README.md").read()
        section = readme.split("## Good clips", 1)[1].split("\n## ", 1)[0]
        names = re.findall(r"^\| `([^`]+\.mp4)` \|", section, re.M)
    except (OSError, IndexError):
        names = []
    files = [os.path.join("Fixtures/media", n) for n in names if os.path.exists(os.path.join("Fixtures/media", n))]
    if not files:  # no README table: every fixture ffprobe opens as mov
        files = [f for f in sorted(glob.glob("Fixtures/media/*.mp4"))
                 if subprocess.run(["ffprobe", "-v", "quiet", "-f", "mov", f]).returncode == 0]
    return files


def read_header(path):
    """`# key: value` lines of a corpus .txt file."""
    fields = {}
    try:
        for line in open(path, errors="replace"):
            if not line.startswith("# "): break
            key, _, value = line[2:].partition(":")
            fields[key.strip()] = value.strip()
    except OSError:
        pass
    return fields


def readable_corpus():
    """Corpus files whose recorded ffprobe output says the mov demuxer read them."""
    files = []
    for truth in sorted(glob.glob(os.path.join(CORPUS, "*.ffprobe.json"))):
        try:
            data = json.load(open(truth))
        except ValueError:
            continue
        media = truth[: -len(".ffprobe.json")]
        if data.get("format", {}).get("format_name") == MOV and os.path.exists(media):
            files.append(media)
    return files


def clean(media):
    """Recorded full decode exited 0 without a message, and there is a video stream."""
    decode = read_header(media + ".decode.txt")
    try:
        streams = json.load(open(media + ".ffprobe.json")).get("streams", [])
    except (OSError, ValueError):
        return False
    return decode.get("exit_code") == "0" and decode.get("message_lines") == "0" and any(s.get("codec_type") == "video" for s in streams)


def bench_probe():
    header("Probe and validate")
    fixtures = good_fixtures()
    if os.path.isdir(CORPUS):
        corpus = readable_corpus()
    else:
        corpus = []
        NOTES.append(f"the real corpus ({CORPUS}) is absent: fixtures only, and the fallbacks below")
        log(f"{CORPUS} not found; using the fixtures only")
    sources = fixtures + corpus
    if not sources:
        raise SystemExit("bench: no probe sources (no good fixtures, no corpus)")

    # 200 distinct names, the sources repeated in order.
    folder = os.path.join(WORK, "probe200"); os.makedirs(folder)
    files = []
    while len(files) < 200:
        source = sources[len(files) % len(sources)]
        target = os.path.join(folder, f"{len(files):03d}-{os.path.basename(source)}")
        os.symlink(os.path.abspath(source), target)
        files.append(target)

    ours_cmd = [BIN, "probe", "--json", *files]
    theirs_cmds = [[*FFPROBE, f] for f in files]
    # Warm-up that also checks: sorareel answers for all 200, and how many each tool refuses.
    log("probe: 200-file warm-up and check")
    done = subprocess.run(ours_cmd, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"bench: sorareel probe --json exited {done.returncode}: {done.stderr[-2000:]}")
    entries = json.loads(done.stdout)["files"]
    if len(entries) != 200:
        raise SystemExit(f"bench: sorareel probe --json gave {len(entries)} entries for 200 files")
    our_errors = sorted({os.path.basename(e["path"])[4:] for e in entries if e.get("error")})
    _, _, codes = measure(theirs_cmds)
    their_errors = sorted({os.path.basename(f)[4:] for f, c in zip(files, codes) if c != 0})
    allowed_ours = (0, 1) if our_errors else (0,)

    log("probe: 200 files, median of 3")
    ours, theirs = compare(3, [ours_cmd], theirs_cmds, "200 files", allowed_ours, (0, 1), warmup=False)
    row("200 files: one `sorareel probe --json` vs one `ffprobe` per file (median of 3)", ours, theirs, "ffprobe loop")
    COMMANDS.append(("batch, sorareel", show(ours_cmd, "<200 files>", 200)))
    COMMANDS.append(("batch, ffprobe", "for F in <200 files>; do " + shlex.join(FFPROBE) + ' "$F"; done'))
    NOTES.append(f"the 200 files: {len(fixtures)} good fixtures and {len(corpus)} corpus files that ffprobe reads with the "
                 f"mov demuxer ({sum(os.path.getsize(s) for s in sources) / 2**20:.1f} MiB), symlinked under distinct names "
                 f"and repeated in order until there are 200")
    if our_errors or their_errors:
        NOTES.append(f"in the batch sorareel refused {len(our_errors)} distinct source(s) ({', '.join(our_errors) or 'none'}) and "
                     f"ffprobe exited non-zero on {len(their_errors)} ({', '.join(their_errors) or 'none'}); both still open every file")

    single = os.path.join(CORPUS, "mp4ff__bbb_prog_10s.mp4")
    if not os.path.exists(single): single = "Fixtures/media/h264_aac.mp4"
    log(f"probe: one file ({os.path.basename(single)}), median of 11")
    ours, theirs = compare(11, [[BIN, "probe", "--json", single]], [[*FFPROBE, single]], "one file")
    size = os.path.getsize(single) / 1024
    row(f"one file, {os.path.basename(single)} ({size:.0f} KiB) (median of 11)", ours, theirs, "ffprobe")
    COMMANDS.append(("one file, sorareel", shlex.join([BIN, "probe", "--json", single])))
    COMMANDS.append(("one file, ffprobe", shlex.join([*FFPROBE, single])))

    # Validation: the largest clean corpus file, the long 1080p one, and the reference fixture.
    clips = []
    clean_corpus = [f for f in corpus if clean(f)]
    if clean_corpus:
        clips.append(max(clean_corpus, key=os.path.getsize))
    long_one = os.path.join(CORPUS, "media3__long_1080p_lowbitrate.mp4")
    if long_one in clean_corpus and long_one not in clips:
        clips.append(long_one)
    clips.append("Fixtures/media/h264_aac.mp4")
    for clip in clips:
        ours_cmd = [BIN, "validate", "--json", clip]
        theirs_cmd = ["ffmpeg", "-v", "error", "-xerror", "-i", clip, "-f", "null", "-"]
        log(f"validate: {os.path.basename(clip)}, median of 5")
        done = subprocess.run(ours_cmd, capture_output=True, text=True)
        if done.returncode not in (0, 1):
            raise SystemExit(f"bench: sorareel validate exited {done.returncode} on {clip}: {done.stderr[-2000:]}")
        report = json.loads(done.stdout)["files"][0]
        decode = report.get("decode") or {}
        if not decode:
            raise SystemExit(f"bench: sorareel validate did not decode {clip} (no decode section)")
        if subprocess.run(theirs_cmd, capture_output=True).returncode != 0:
            NOTES.append(f"`ffmpeg -xerror` exited non-zero on {os.path.basename(clip)}")
        ours, theirs = compare(5, [ours_cmd], [theirs_cmd], f"validate {os.path.basename(clip)}", (0, 1), warmup=False)
        size = os.path.getsize(clip) / 2**20
        row(f"`validate` (deep) {os.path.basename(clip)} ({size:.1f} MiB, {decode.get('videoFrames', 0)} video + "
            f"{decode.get('audioFrames', 0)} audio frames) (median of 5)", ours, theirs, "ffmpeg -f null")
        COMMANDS.append((f"validate {os.path.basename(clip)}, sorareel", shlex.join(ours_cmd)))
        COMMANDS.append((f"validate {os.path.basename(clip)}, ffmpeg", shlex.join(theirs_cmd)))
        if not report.get("passed"):
            failed = [v.get("rule", "?") for v in report.get("verdicts", [])
                      if isinstance(v, dict) and v.get("passed") is False and v.get("severity") == "error"]
            NOTES.append(f"sorareel's verdict on {os.path.basename(clip)} is \"fail\" ({', '.join(failed) or 'see report'}), "
                         f"exit 1, after the full decode; the timing covers the whole validation")
    NOTES.append("wall = median elapsed time; peak RSS = median over the repetitions of ru_maxrss of the process "
                 "(for the ffprobe loop: the largest of its 200 processes; its wall is the loop's total); "
                 "sorareel and the tool run in alternation, after one untimed warm-up of each")
    NOTES.append(f"load average after the cases: {' '.join(open('/proc/loadavg').read().split()[:3])} on {os.cpu_count()} cores "
                 "(the machine is shared with other builds; compare the ratios, not the seconds)")


# ---------------------------------------------------------------- thumbnails, concat, synth

def bench_thumbs():
    header("Thumbnails")
    folder = os.path.join(WORK, "thumbs"); os.makedirs(folder)
    clips = []
    for index in range(50):
        path = os.path.join(folder, f"clip{index:02d}.mp4")
        synth(path, "640x360", 4, f"clip {index}")
        clips.append(path)
    out = os.path.join(WORK, "thumbs-out"); os.makedirs(out)
    stills_case(3, clips, "2.0", out, "f.jpg", "50 stills", "middle still of 50 clips, one call vs one `ffmpeg -ss` per clip")
    big = os.path.join(folder, "big.mp4")
    synth(big, "1920x1080", 10, "big clip")
    stills_case(7, [big], "7.3", out, "g.jpg", "one 1080p still", "one accurate still at 7.3 s of a 1080p clip")
    bench_thumbs_real_sizes(out)


def stills_case(runs, clips, at, out, image, label, description):
    """One `sorareel thumbnail --at AT` call over `clips` against one `ffmpeg -ss AT` per clip."""
    ours, theirs = compare(runs, [[BIN, "thumbnail", "--at", at, "-o", out, *clips]],
                           [["ffmpeg", "-v", "error", "-y", "-ss", at, "-i", c, "-frames:v", "1", os.path.join(out, image)] for c in clips],
                           label)
    row(description, ours, theirs, "ffmpeg")
    if len(clips) == 1:
        name = os.path.basename(clips[0])
        COMMANDS.append((f"{label}, sorareel", shlex.join([BIN, "thumbnail", "--at", at, "-o", "OUT", name])))
        COMMANDS.append((f"{label}, ffmpeg", f"ffmpeg -v error -y -ss {at} -i {name} -frames:v 1 OUT/{image}"))
    else:
        files = f"<{len(clips)} clips>"
        COMMANDS.append((f"{label}, sorareel", show([BIN, "thumbnail", "--at", at, "-o", "OUT", *clips], files, len(clips))))
        COMMANDS.append((f"{label}, ffmpeg", f"for F in {files}; do ffmpeg -v error -y -ss {at} -i \"$F\" -frames:v 1 OUT/{image}; done"))


def real_sized_clip(path, size, seconds):
    """A clip as a new user has them: H.264 (x264 veryfast: 3 B-frames, keyframes every 250) with AAC sound."""
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc2=s={size}:r=30:d={seconds}",
                    "-f", "lavfi", "-i", f"sine=f=440:d={seconds}:sample_rate=48000",
                    "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-ac", "2",
                    "-shortest", "-movflags", "+faststart", path], check=True)


def bench_thumbs_real_sizes(out):
    """Issue 16: stills at 1.0 s of 50 clips mixing 640x360, 854x480, 1280x720 and 1080x1920, 2 to 10 s."""
    # $BENCH_REAL_CLIPS names a folder that keeps the clips between runs (made there when missing).
    folder = os.environ.get("BENCH_REAL_CLIPS") or os.path.join(WORK, "thumbs-real")
    os.makedirs(folder, exist_ok=True)
    sizes = ["640x360", "854x480", "1280x720", "1080x1920"]
    clips = []
    log(f"making 50 real-sized clips (x264 veryfast, AAC) in {folder}")
    for index in range(50):
        path = os.path.join(folder, f"real{index:02d}.mp4")
        if not os.path.exists(path):
            real_sized_clip(path + ".partial.mp4", sizes[index % 4], 2 + (index * 7) % 9)
            os.rename(path + ".partial.mp4", path)
        clips.append(path)
    stills_case(3, clips, "1.0", out, "r.jpg", "50 real-sized stills",
                "still at 1.0 s of 50 clips (640x360, 854x480, 1280x720, 1080x1920; 2-10 s, sound), one call vs one `ffmpeg -ss` per clip")
    stills_case(7, [clips[3]], "1.0", out, "t.jpg", "one 1080x1920 still", "one still at 1.0 s of a 1080x1920 clip")
    NOTES.append("real-sized clips: testsrc2 at 30 fps with a 440 Hz tone, x264 preset veryfast (3 B-frames, keyframe interval 250), "
                 "sizes in turn 640x360, 854x480, 1280x720, 1080x1920, lengths 2-10 s")

def noisy_clip(path, size, seconds, crf):
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc2=s={size}:r=30:d={seconds}",
                    "-f", "lavfi", "-i", f"sine=f=440:d={seconds}:sample_rate=48000",
                    "-vf", "noise=alls=8:allf=t", "-c:v", "libx264", "-preset", "ultrafast", "-crf", str(crf), "-g", "60",
                    "-pix_fmt", "yuv420p", "-c:a", "aac", "-ac", "2", "-shortest", "-movflags", "+faststart", path], check=True)

def bench_concat():
    global SYNC
    SYNC = True
    header("Concatenation")
    for label, size, seconds, crf in [("20 MB", "640x360", 8, 30), ("500 MB", "1280x720", 20, 24)]:
        source = os.path.join(WORK, f"source-{label.replace(' ', '')}.mp4")
        noisy_clip(source, size, seconds, crf)
        clips = []
        for index in range(20):
            path = os.path.join(WORK, f"copy{label.replace(' ', '')}-{index:02d}.mp4")
            os.link(source, path); clips.append(path)
        total = sum(os.path.getsize(c) for c in clips) / 1e6
        listing = os.path.join(WORK, "list.txt")
        open(listing, "w").write("".join(f"file '{c}'\n" for c in clips))
        out = os.path.join(WORK, "reel.mp4")
        ours_cmd = [BIN, "concat", "--mode", "copy", "--no-chapters", "-o", out, *clips]
        plain = ["ffmpeg", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", listing, "-c", "copy"]
        ours, theirs = compare(5, [ours_cmd], [plain + [out]], f"copy {total:.0f} MB")
        row(f"stream copy of 20 clips, {total:.0f} MB in all", ours, theirs, "ffmpeg -f concat -c copy")
        # sorareel always writes moov first (+faststart), which rewrites the file once more.
        ours, theirs = compare(5, [ours_cmd], [plain + ["-movflags", "+faststart", out]], f"copy {total:.0f} MB, moov first")
        row(f"the same, both with moov first", ours, theirs, "ffmpeg ... -movflags +faststart")
        for c in clips: os.remove(c)
    COMMANDS.append(("copy, sorareel", show([BIN, "concat", "--mode", "copy", "--no-chapters", "-o", "reel.mp4", "C1"], "<20 clips>", 1)))
    COMMANDS.append(("copy, ffmpeg", "ffmpeg -v error -y -f concat -safe 0 -i list.txt -c copy [-movflags +faststart] reel.mp4"))
    mismatched = []
    for index, (size, fps, audio) in enumerate([("640x360", 30, True), ("480x480", 25, False), ("360x640", 24, True), ("854x480", 30, False)]):
        path = os.path.join(WORK, f"mixed{index}.mp4")
        synth(path, size, 4, f"mixed {index}", audio=audio, fps=fps)
        mismatched.append(path)
    out = os.path.join(WORK, "mixed-reel.mp4")
    ours_cmd = [BIN, "concat", "--mode", "reencode", "--size", "640x360", "--fps", "30", "--no-chapters", "-o", out, *mismatched]
    inputs = []
    filters = []
    for index, path in enumerate(mismatched):
        inputs += ["-i", path]
        filters.append(f"[{index}:v]scale=640:360:force_original_aspect_ratio=decrease,pad=640:360:(ow-iw)/2:(oh-ih)/2,fps=30,format=yuv420p,setsar=1[v{index}]")
        has_audio = index in (0, 2)
        filters.append(f"[{index}:a]aresample=48000,aformat=channel_layouts=stereo[a{index}]" if has_audio
                       else f"anullsrc=r=48000:cl=stereo,atrim=duration=4[a{index}]")
    filters.append("".join(f"[v{i}][a{i}]" for i in range(len(mismatched))) + f"concat=n={len(mismatched)}:v=1:a=1[v][a]")
    command = ["ffmpeg", "-v", "error", "-y", *inputs, "-filter_complex", ";".join(filters), "-map", "[v]", "-map", "[a]",
               "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-c:a", "aac", "-movflags", "+faststart", out]
    ours, theirs = compare(3, [ours_cmd], [command], "re-encode")
    row("re-encode of 4 mismatched clips (sizes, rates, with and without audio), veryfast CRF 23", ours, theirs, "ffmpeg filter_complex")
    COMMANDS.append(("re-encode, sorareel", show(ours_cmd[:-4] + ["mixed0.mp4", "mixed1.mp4", "mixed2.mp4", "mixed3.mp4"])))
    COMMANDS.append(("re-encode, ffmpeg", show(command)))
    NOTES.append("each run is preceded by `sync`, so one run's dirty pages do not slow the next")

def bench_synth():
    header("Clip synthesizer")
    out = os.path.join(WORK, "synth.mp4")
    wall, peak = median_of(3, [[BIN, "synth", out, "--size", "1080x1920", "--seconds", "10", "--fps", "30", "--quiet"]])
    print(f"| 10 s of 1080x1920 at 30 fps | {wall:.2f} | — | {10 / wall:.2f}x real time | {peak:.0f} | — | — |")
    COMMANDS.append(("synth, sorareel", shlex.join([BIN, "synth", "OUT.mp4", "--size", "1080x1920", "--seconds", "10", "--fps", "30", "--quiet"])))

def bench_emulator():
    """Job throughput at --time-scale 0 and status-read latency under 200 concurrent pollers."""
    import http.client, threading
    print("\n## Emulator\n")
    process = subprocess.Popen([BIN, "emulator", "--port", "0", "--time-scale", "0", "--creates-per-minute", "0",
                                "--max-running", "1000", "--state-dir", os.path.join(WORK, "emulator")],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        base = process.stdout.readline().strip()
        host, port = base.replace("http://", "").split(":")
        headers = {"api-key": "bench", "Content-Type": "application/json"}
        def call(method, path, body=None, connection=None):
            own = connection is None
            connection = connection or http.client.HTTPConnection(host, int(port), timeout=120)
            connection.request(method, path, body=json.dumps(body) if body else None, headers=headers)
            response = connection.getresponse()
            data = response.read()
            if own: connection.close()
            return response.status, json.loads(data) if data else None

        jobs = 20
        started = time.perf_counter()
        ids = [call("POST", "/openai/v1/video/generations/jobs", {"prompt": f"bench clip {i}", "width": 480, "height": 480, "n_seconds": 5, "model": "sora"})[1]["id"] for i in range(jobs)]
        pending = set(ids)
        while pending:
            for job in list(pending):
                if call("GET", f"/openai/v1/video/generations/jobs/{job}")[1]["status"] in ("succeeded", "failed"):
                    pending.discard(job)
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
        synth_path = os.path.join(WORK, "synth-480.mp4")
        synth_wall = min(measure([[BIN, "synth", synth_path, "--size", "480x480", "--seconds", "5", "--quiet"]])[0] for _ in range(3))
        print("| measure | value |")
        print("|---|---|")
        print(f"| {jobs} Sora 1 jobs of 480x480 5 s at `--time-scale 0`, created to succeeded | {elapsed:.2f} s, {jobs / elapsed:.2f} clips/s |")
        print(f"| one `sorareel synth` of the same clip (best of 3) | {synth_wall:.3f} s, so 2 rendering at once can do at most {2 / synth_wall:.2f} clips/s |")

        status, video = call("POST", "/v1/videos", {"prompt": "latency", "seconds": "4", "size": "720x1280"})
        while call("GET", f"/v1/videos/{video['id']}")[1]["status"] != "completed":
            time.sleep(0.05)
        url = f"{base}/v1/videos/{video['id']}"
        # 200 pollers, each reading the status every 100 ms on its own keep-alive connection
        # for 10 s (about 20,000 reads), as a fleet of clients waiting on jobs does.
        import asyncio
        async def pollers():
            request = (f"GET /v1/videos/{video['id']} HTTP/1.1\r\nHost: {host}\r\napi-key: bench\r\n\r\n").encode()
            latencies = []
            async def poller(index):
                reader, writer = await asyncio.open_connection(host, int(port))
                await asyncio.sleep(index * 0.0005)
                loop = asyncio.get_running_loop()
                end = loop.time() + 10
                while loop.time() < end:
                    tick = loop.time()
                    writer.write(request)
                    head = await reader.readuntil(b"\r\n\r\n")
                    length = int(re.search(rb"content-length: (\d+)", head, re.I).group(1))
                    await reader.readexactly(length)
                    latencies.append(loop.time() - tick)
                    await asyncio.sleep(max(0, 0.1 - (loop.time() - tick)))
                writer.close()
            await asyncio.gather(*(poller(i) for i in range(200)))
            return latencies
        latencies = sorted(asyncio.run(pollers()))
        p50 = latencies[len(latencies) // 2] * 1000
        p99 = latencies[int(len(latencies) * 0.99)] * 1000
        print(f"| status reads, 200 pollers each reading every 100 ms for 10 s ({len(latencies)} reads) | p50 {p50:.1f} ms, p99 {p99:.1f} ms |")
        if shutil.which("wrk"):
            # And at saturation: 200 connections reading as fast as they can, from 2 threads.
            out = subprocess.run(["wrk", "-t2", "-c200", "-d10s", "--latency", "-H", "api-key: bench", url],
                                 capture_output=True, text=True).stdout
            def percentile(label):
                match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)", out, re.M)
                value, unit = float(match.group(1)), match.group(2)
                return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
            rate = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
            print(f"| status reads at saturation, 200 connections as fast as they can for 10 s (`wrk -t2 -c200 --latency`, same 2 cores) | p50 {percentile(50):.1f} ms, p99 {percentile(99):.1f} ms, {float(rate):.0f} reads/s |")
    finally:
        process.terminate()
        process.wait()

def bench_run():
    """The pipeline against the sum of its stages done one by one with the CLI."""
    print("\n## Storyboard run\n")
    folder = os.path.join(WORK, "run"); os.makedirs(folder)
    board = os.path.join(folder, "board.yaml")
    with open(board, "w") as out:
        out.write("title: Bench\ndefaults: {size: 480x480, seconds: 5, variants: 2}\nshots:\n")
        for i in range(20):
            out.write(f"  - {{name: shot-{i:02d}, prompt: \"Bench shot {i}, a kite on a beach.\"}}\n")
    emulator = subprocess.Popen([BIN, "emulator", "--port", "0", "--time-scale", "0", "--creates-per-minute", "0",
                                 "--state-dir", os.path.join(folder, "state")], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        base = emulator.stdout.readline().strip()
        environment = dict(os.environ, AZURE_OPENAI_ENDPOINT=base, AZURE_OPENAI_API_KEY="bench")
        environment.pop("OPENAI_API_KEY", None)
        started = time.perf_counter()
        result = subprocess.run([BIN, "run", board, "--output", os.path.join(folder, "out"), "--quiet"], env=environment,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        pipeline = time.perf_counter() - started
    finally:
        emulator.terminate(); emulator.wait()
    stages = {}
    clips = []
    for i in range(20):
        for variant in range(2):
            clips.append(os.path.join(folder, f"clip-{i:02d}-{variant}.mp4"))
    def stage(name, commands):
        stages[name] = measure(commands)[0]
    stage("render (`sorareel synth`, 40 clips)", [[BIN, "synth", c, "--size", "480x480", "--seconds", "5", "--seed", c, "--quiet"] for c in clips])
    stage("validate (40 clips)", [[BIN, "validate", "--json", c] for c in clips])
    stage("thumbnail --best (40 clips)", [[BIN, "thumbnail", "--best", "--width", "480", "-o", folder, c] for c in clips])
    stage("sheet (40 clips)", [[BIN, "sheet", "--columns", "4", "--rows", "3", "--width", "960", "-o", c + ".sheet.jpg", c] for c in clips])
    stage("concat (20 clips)", [[BIN, "concat", "--size", "480x480", "--fps", "30", "-o", os.path.join(folder, "reel.mp4"), *clips[::2]]])
    total = sum(stages.values())
    print("| measure | seconds |")
    print("|---|---|")
    print(f"| `sorareel run` of 20 shots x 2 variants, 480x480 5 s, emulator at `--time-scale 0` (exit {result.returncode}) | {pipeline:.2f} |")
    for name, seconds in stages.items():
        print(f"| stage by stage: {name} | {seconds:.2f} |")
    print(f"| sum of the stages | {total:.2f} |")
    print(f"| sum / 2 (the pipeline's concurrency) + 10% | {total / 2 * 1.1:.2f} |")
    print(f"\nPipeline / (sum / 2): {pipeline / (total / 2):.2f} (the pipeline also renders the emulator's own thumbnails and spritesheets, and downloads every clip over HTTP).")

class ContentServer:
    """A small, fast HTTP/1.1 server on 127.0.0.1 for the download case: answers every GET with
    the same file via socket.sendfile (zero-copy, as a CDN's origin would), with Content-Length
    and Accept-Ranges, keep-alive, one thread per connection. Anything else is a 404."""

    def __init__(self, path):
        import socket, threading
        self.path, self.size = path, os.path.getsize(path)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.requests = []
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        import threading
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self.serve, args=(connection,), daemon=True).start()

    def serve(self, connection):
        with connection, connection.makefile("rb") as reader:
            while True:
                line = reader.readline()
                if not line:
                    return
                while reader.readline() not in (b"\r\n", b"\n", b""):
                    pass  # headers: nothing here depends on them
                method, target = line.decode("latin-1").split()[:2]
                self.requests.append(f"{method} {target}")
                if method != "GET" or "/content" not in target:
                    connection.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                    continue
                connection.sendall((f"HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: {self.size}\r\n"
                                    "Accept-Ranges: bytes\r\n\r\n").encode())
                with open(self.path, "rb") as body:
                    connection.sendfile(body)

    def close(self):
        self.listener.close()


def bench_download():
    """200 MB through `sorareel jobs download` against `curl -o`, same URL, same server, taking turns."""
    if not shutil.which("curl"):
        raise SystemExit("bench: the download case needs curl on PATH")
    global SYNC
    size = 200 * 1024 * 1024
    body = os.path.join(WORK, "body.bin")
    with open(body, "wb") as out:
        block = os.urandom(1 << 20)
        for _ in range(size >> 20):
            out.write(block)
    server = ContentServer(body)
    video = "video_bench200"
    base = f"http://127.0.0.1:{server.port}/v1"
    url = f"{base}/videos/{video}/content?variant=video"
    folder = os.path.join(WORK, "download"); os.makedirs(folder)
    ours = [[BIN, "jobs", "download", video, "--output-id", "--kind", "video", "-o", folder, "--quiet"]]
    theirs = [["curl", "-s", "-f", "-o", os.path.join(folder, "curl.mp4"), url]]
    environment = dict(os.environ, OPENAI_API_KEY="bench", OPENAI_BASE_URL=base)
    environment.pop("AZURE_OPENAI_ENDPOINT", None)
    saved = os.environ.copy()
    os.environ.clear(); os.environ.update(environment)  # run_one's children inherit it
    SYNC = True  # 200 MB of dirty pages from one run would slow the next writer
    try:
        header("Download of a 200 MB body from a loopback server")
        mine, curl = compare(5, ours, theirs, "download 200 MB")
        row("200 MB, `jobs download` vs `curl -o`", mine, curl, "curl")
        got = os.path.getsize(os.path.join(folder, f"{video}.mp4"))
        if got != size:
            raise SystemExit(f"bench: sorareel wrote {got} bytes, expected {size}")
    finally:
        SYNC = False
        os.environ.clear(); os.environ.update(saved)
        server.close()
    ratio = curl[0] / mine[0]
    NOTES.append(f"throughput: sorareel {size / mine[0] / 1e6:.0f} MB/s, curl {size / curl[0] / 1e6:.0f} MB/s; "
                 f"sorareel / curl = {ratio:.2f} (target at least 0.8: {'met' if ratio >= 0.8 else 'NOT met'}); "
                 f"sorareel peak RSS {mine[1]:.0f} MiB (target under 64: {'met' if mine[1] < 64 else 'NOT met'})")
    NOTES.append("server: Python on 127.0.0.1, `socket.sendfile` of a 200 MiB file of random bytes from the page cache, "
                 "with Content-Length and Accept-Ranges; both clients write to the same folder, with a sync before each run")
    COMMANDS.append(("sorareel", f"OPENAI_BASE_URL=http://127.0.0.1:PORT/v1 OPENAI_API_KEY=bench {shlex.join(ours[0]).replace(folder, 'DIR')}"))
    COMMANDS.append(("curl", shlex.join(theirs[0]).replace(folder, "DIR").replace(str(server.port), "PORT")))


def bench_poll():
    """CPU time per status poll: 100 Sora 1 jobs created over HTTP, then `sorareel jobs wait` on all of them."""
    import http.client
    print("\n## Polling\n")
    scale = 0.45  # Sora 1's phases take 33 s at scale 1: about 15 s here
    process = subprocess.Popen([BIN, "emulator", "--port", "0", "--time-scale", str(scale), "--creates-per-minute", "0",
                                "--max-running", "1000", "--state-dir", os.path.join(WORK, "poll-emulator")],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        base = process.stdout.readline().strip()
        host, port = base.replace("http://", "").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        ids = []
        for index in range(100):
            connection.request("POST", "/openai/v1/video/generations/jobs",
                               body=json.dumps({"prompt": f"poll bench {index}", "width": 480, "height": 480, "n_seconds": 1, "model": "sora"}),
                               headers={"api-key": "bench", "Content-Type": "application/json"})
            response = connection.getresponse()
            ids.append(json.loads(response.read())["id"])
        connection.close()
        emulator_before = cpu_seconds(process.pid)
        environment = dict(os.environ, AZURE_OPENAI_ENDPOINT=base, AZURE_OPENAI_API_KEY="bench")
        environment.pop("OPENAI_API_KEY", None)
        output = os.path.join(WORK, "wait.json")
        started = time.perf_counter()
        with open(output, "w") as out:
            waiter = subprocess.Popen([BIN, "jobs", "wait", *ids, "--json", "--timeout", "300"], env=environment,
                                      stdout=out, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(waiter.pid, 0)
        wall = time.perf_counter() - started
        emulator_cpu = cpu_seconds(process.pid) - emulator_before
    finally:
        process.terminate()
        process.wait()
    code = os.waitstatus_to_exitcode(status)
    jobs = json.load(open(output))["jobs"]
    polls = sum(job["polls"] for job in jobs)
    succeeded = sum(job["status"] == "succeeded" for job in jobs)
    if code != 0 or succeeded != 100:
        raise SystemExit(f"bench: jobs wait exited {code} with {succeeded} of 100 jobs succeeded")
    client_cpu = usage.ru_utime + usage.ru_stime
    print("| measure | value |")
    print("|---|---|")
    print(f"| jobs waited on at once / status requests answered | 100 / {polls} ({polls / 100:.1f} per job) |")
    print(f"| wall time of `sorareel jobs wait`, first poll to last job done | {wall:.1f} s |")
    print(f"| client CPU (user + system, from wait4) | {client_cpu:.3f} s ({usage.ru_utime:.3f} user, {usage.ru_stime:.3f} system) |")
    print(f"| **client CPU per poll** | **{client_cpu / polls * 1000:.2f} ms** |")
    print(f"| client peak RSS | {usage.ru_maxrss / 1024:.0f} MiB |")
    print(f"| emulator CPU over the same time, per poll (includes rendering the 100 clips) | {emulator_cpu / polls * 1000:.2f} ms |")
    COMMANDS.append(("emulator", f"{BIN} emulator --port 0 --time-scale {scale} --creates-per-minute 0 --max-running 1000 --state-dir DIR"))
    COMMANDS.append(("jobs", "100 x POST /openai/v1/video/generations/jobs {width: 480, height: 480, n_seconds: 1} from Python"))
    COMMANDS.append(("waiter", f"AZURE_OPENAI_ENDPOINT=http://127.0.0.1:PORT AZURE_OPENAI_API_KEY=bench {BIN} jobs wait ID1 ... ID100 --json --timeout 300"))
    NOTES.append("status requests are counted by `jobs wait` itself (the `polls` field of its JSON: the first read of each job plus one per poll)")


def bench_scale():
    """24 shots through the shared PostgreSQL queue: 1, 2 and 3 emulated deployments (separate
    emulators, each capped at 2 running jobs) with 1 and 3 `sorareel worker` processes. Throughput
    is shots per minute from submit to the last storyboard finished; each emulator is sampled
    every 0.2 s for its running jobs while shots without a job remain, and reports its peak."""
    import threading, urllib.request
    print("\n## Scale-out: a shared PostgreSQL queue\n")
    scale, shots, cap = 0.25, 24, 2  # a Sora 1 job takes 33 s at scale 1: about 8 s here
    pg = os.path.join(WORK, "pg")
    os.chmod(WORK, 0o755)  # the server runs as the postgres user when this runs as root
    url = subprocess.run(["scripts/pg-server", "start", pg], check=True, capture_output=True, text=True).stdout.strip()
    rows = []
    try:
        for deployments in (1, 2, 3):
            for workers in (1, 3):
                database = f"d{deployments}w{workers}"
                host = url.rsplit("/", 1)[0]
                subprocess.run(["psql", host + "/sorareel", "-qc", f"CREATE DATABASE {database}"], check=True, capture_output=True)
                queue = f"{host}/{database}?sslmode=disable"
                rows.append(scale_case(queue, deployments, workers, scale, shots, cap))
    finally:
        subprocess.run(["scripts/pg-server", "stop", pg])
    print("| deployments | workers | wall (s) | shots/min | vs 1 deployment, same workers | jobs created | peak running per deployment (cap 2) | mean running while shots wait, per deployment |")
    print("|---|---|---|---|---|---|---|---|")
    base = {r["workers"]: r["rate"] for r in rows if r["deployments"] == 1}
    for r in rows:
        print(f"| {r['deployments']} | {r['workers']} | {r['wall']:.1f} | {r['rate']:.1f} | {r['rate'] / base[r['workers']]:.2f}x | {r['jobs']} "
              f"| {', '.join(map(str, r['peaks']))} | {', '.join(f'{m:.2f}' for m in r['means'])} |", flush=True)
    COMMANDS.append(("server", "scripts/pg-server start DIR (initdb + pg_ctl on a free loopback port; as root through runuser -u postgres)"))
    COMMANDS.append(("emulators", f"{BIN} emulator --port 0 --time-scale {scale} --creates-per-minute 0 --max-running {cap} --state-dir DIR  (one per deployment)"))
    COMMANDS.append(("submit", f"{BIN} submit board.yaml --queue URL --output DIR  ({shots} shots, 480x480, 1 s, 1 variant)"))
    COMMANDS.append(("workers", f"{BIN} worker --queue URL --deployments deployments.yaml --until-idle --poll 0.2 --max-poll 0.5 --quiet  (1 or 3 at once)"))
    NOTES.append("scale: running jobs are the emulators' own count (`running` in GET /emulator/stats), sampled every 0.2 s while some shot had no job yet; the peak is the emulator's own maximum at create time")


def scale_case(queue, deployments, workers, scale, shots, cap):
    import threading, urllib.request
    folder = os.path.join(WORK, f"scale-{deployments}-{workers}"); os.makedirs(folder)
    emulators, bases = [], []
    try:
        for index in range(deployments):
            process = subprocess.Popen([BIN, "emulator", "--port", "0", "--time-scale", str(scale), "--creates-per-minute", "0",
                                        "--max-running", str(cap), "--seed", str(index + 1), "--state-dir", os.path.join(folder, f"state-{index}")],
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            emulators.append(process)
            bases.append(process.stdout.readline().strip())
        with open(os.path.join(folder, "deployments.yaml"), "w") as out:
            out.write("deployments:\n")
            for index, base in enumerate(bases):
                out.write(f"  - {{name: emu-{index}, api: azure, endpoint: \"{base}\", key_env: BENCH_KEY, model: sora, max_running: {cap}, requests_per_minute: 600}}\n")
        board = os.path.join(folder, "board.yaml")
        with open(board, "w") as out:
            out.write("title: Scale\ndefaults: {size: 480x480, seconds: 1, variants: 1}\nshots:\n")
            for i in range(shots):
                out.write(f"  - {{name: shot-{i:02d}, prompt: \"Scale shot {i}, a kite on a beach.\"}}\n")
        environment = dict(os.environ, BENCH_KEY="bench", SORAREEL_QUEUE_URL=queue)
        for name in ("AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY", "OPENAI_API_KEY"):
            environment.pop(name, None)
        log(f"scale: {deployments} deployment(s), {workers} worker(s)")
        started = time.perf_counter()
        subprocess.run([BIN, "submit", board, "--output", os.path.join(folder, "out"), "--quiet"], env=environment, check=True)
        samples = [[] for _ in bases]
        stop = threading.Event()

        def stats(base):
            request = urllib.request.Request(base + "/emulator/stats", headers={"api-key": "bench"})
            return json.load(urllib.request.urlopen(request, timeout=10))

        def waiting():
            out = subprocess.run(["psql", queue.split("?")[0], "-Atc",
                                  "SELECT count(*) FROM shots s WHERE NOT EXISTS (SELECT 1 FROM attempts a WHERE a.shot = s.id)"],
                                 capture_output=True, text=True)
            return int(out.stdout.strip() or "0")

        def sampler():
            while not stop.is_set():
                if waiting() > 0:
                    for index, base in enumerate(bases):
                        samples[index].append(stats(base).get("running", {}).get("sora", 0))
                stop.wait(0.2)

        thread = threading.Thread(target=sampler, daemon=True); thread.start()
        processes = [subprocess.Popen([BIN, "worker", "--deployments", os.path.join(folder, "deployments.yaml"), "--until-idle",
                                       "--poll", "0.2", "--max-poll", "0.5", "--quiet"], env=environment,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(workers)]
        codes = [p.wait() for p in processes]
        wall = time.perf_counter() - started
        stop.set(); thread.join()
        if any(codes):
            raise SystemExit(f"bench: a worker exited with {codes}")
        status = json.loads(subprocess.run([BIN, "status", "--json"], env=environment, capture_output=True, text=True, check=True).stdout)
        if not all(b["state"] == "done" and b["passed"] for b in status["storyboards"]):
            raise SystemExit(f"bench: the storyboard did not pass: {status['storyboards']}")
        usage = [stats(base) for base in bases]
        jobs = sum(u["jobs_created"] for u in usage)
        if jobs != shots:
            raise SystemExit(f"bench: {jobs} jobs for {shots} shots")
        return {"deployments": deployments, "workers": workers, "wall": wall, "rate": shots / wall * 60, "jobs": jobs,
                "peaks": [u["peak_running"].get("sora", 0) for u in usage],
                "means": [statistics.mean(s) if s else 0.0 for s in samples]}
    finally:
        for process in emulators:
            process.terminate(); process.wait()


def cpu_seconds(pid):
    """User + system CPU seconds a running process has used so far, from /proc."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

exec(open(os.path.join(os.environ["BENCH_SCRIPTS"], "bench_qa.py")).read())

cases = {"probe": bench_probe, "thumbs": bench_thumbs, "concat": bench_concat, "synth": bench_synth, "emulator": bench_emulator, "run": bench_run, "download": bench_download, "poll": bench_poll, "qa": bench_qa, "loudness": bench_loudness, "scale": bench_scale}
wanted = sys.argv[1:]
for name in (list(cases) if "all" in wanted else wanted):
    cases[name]()
    footer()
