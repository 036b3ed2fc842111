# The `qa` case of scripts/bench, exec'd inside its Python part (it uses compare, header, row,
# COMMANDS, NOTES, WORK and BIN from there).


def make_qa_clips(folder, count=50):
    """`count` real-sized clips with motion and sound: 1280x720 and 1920x1080 in turn, 5 to 12 s,
    24/25/30 fps, H.264 (x264 veryfast, CRF 23) + AAC 128k, +faststart. Reused when present."""
    os.makedirs(folder, exist_ok=True)
    clips = []
    for index in range(count):
        size = "1920x1080" if index % 2 else "1280x720"
        seconds = 5 + (index * 3) % 8
        rate = (24, 25, 30)[index % 3]
        path = os.path.join(folder, f"clip{index:02d}.mp4")
        clips.append(path)
        if os.path.exists(path):
            continue
        log(f"qa: making {path} ({size}, {seconds} s, {rate} fps)")
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y",
             "-f", "lavfi", "-i", f"testsrc2=size={size}:rate={rate}:duration={seconds}",
             "-f", "lavfi", "-i", f"sine=frequency={220 + 20 * index}:sample_rate=48000:duration={seconds}",
             "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p",
             "-c:a", "aac", "-b:a", "128k", "-ac", "2", "-movflags", "+faststart", path],
            check=True)
    return clips


def bench_qa():
    folder = os.environ.get("BENCH_QA_CLIPS") or os.path.join(WORK, "qa")
    clips = make_qa_clips(folder)
    ours = [[BIN, "validate", "--quiet", folder]]
    theirs = [["ffmpeg", "-nostdin", "-i", clip, "-af", "ebur128", "-vf", "blackdetect=d=1,freezedetect=d=2", "-f", "null", "-"]
              for clip in clips]
    runs = int(os.environ.get("BENCH_QA_RUNS", "3"))
    header(f"QA: every check on a folder of {len(clips)} clips (720p and 1080p, 5-12 s, with sound)")
    result = compare(runs, ours, theirs, "qa folder", ours_allowed=(0, 1), warmup=False)
    row("validate DIR, every check", result[0], result[1], "ffmpeg ebur128+blackdetect+freezedetect loop")
    # The floor: decoding alone (no filter, no analysis), one single-threaded ffmpeg per core at once.
    cores = os.cpu_count() or 1
    floor = [["sh", "-c", f"ls {shlex.quote(folder)}/*.mp4 | xargs -P {cores} -I{{}} ffmpeg -nostdin -v error -threads 1 -i {{}} -f null -"]]
    floor_result = median_of(runs, floor)
    row(f"decode only, {cores} single-threaded ffmpeg at once (the floor)", floor_result, result[1], "same ffmpeg loop")
    # sorareel's own floor: the same validate with every rule that measures content off, so
    # what is left is opening, the structure checks and decoding each stream once.
    content_rules = ["black", "frozen", "flashes", "static", "cuts", "silence", "clipping", "loudness", "av_length"]
    decode_only = [[BIN, "validate", "--quiet", *[arg for rule in content_rules for arg in ("--rule", f"{rule}=off")], folder]]
    decode_result = median_of(runs, decode_only, allowed=(0, 1))
    row("validate DIR, content rules off (sorareel's decode alone)", decode_result, result[1], "same ffmpeg loop")

    def share(ours):
        return ours[0] / result[1][0] if result[1][0] > 0 else float("inf")

    target = "meets" if share(result[0]) <= 0.5 else "misses"
    NOTES.append(f"qa: sorareel takes {share(result[0]):.2f} of the ffmpeg loop's wall time ({target} the target of at most 0.50); "
                 f"its decode alone, with every content rule off, takes {share(decode_result):.2f}; ffmpeg decoding alone, "
                 f"spread over the cores, {share(floor_result):.2f}. Median of {runs} runs, clips in the page cache.")
    COMMANDS.append(("sorareel", f"{shlex.quote(BIN)} validate --quiet DIR"))
    COMMANDS.append(("ffmpeg, per file", "ffmpeg -nostdin -i F -af ebur128 -vf blackdetect=d=1,freezedetect=d=2 -f null -"))
    COMMANDS.append(("sorareel, decode alone", shlex.join(decode_only[0]).replace(shlex.quote(folder), "DIR")))
    COMMANDS.append(("floor", f"ls DIR/*.mp4 | xargs -P {cores} -I{{}} ffmpeg -nostdin -v error -threads 1 -i {{}} -f null -"))


def ffmpeg_integrated(path, stream):
    """ffmpeg's integrated loudness of `stream`, to the three decimals of ebur128's frame metadata."""
    result = subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-map", f"0:{stream}",
         "-af", "ebur128=metadata=1,ametadata=mode=print:key=lavfi.r128.I:file=-", "-f", "null", "-"],
        capture_output=True, text=True)
    values = re.findall(r"lavfi\.r128\.I=(-?[0-9.]+)", result.stdout)
    # Under 100 ms of sound ebur128 never reports; its integrated value stays at the -70 gate.
    return float(values[-1]) if values else -70.0


def bench_loudness():
    """Integrated loudness from `sorareel validate --json` against ffmpeg's ebur128 on the
    fixtures with audio and every corpus file with audio (not a timing: an agreement table)."""
    files = sorted(glob.glob("Fixtures/media/*.mp4"))
    if os.path.isdir(CORPUS):
        files += sorted(f for f in glob.glob(os.path.join(CORPUS, "*")) if not f.endswith((".json", ".txt", ".md")))
    print("\n## Loudness: sorareel's integrated loudness against ffmpeg's ebur128\n")
    print("| file | sorareel (LUFS) | ffmpeg ebur128 (LUFS) | difference (LU) |")
    print("|---|---|---|---|", flush=True)
    worst, count = 0.0, 0
    for path in files:
        result = subprocess.run([BIN, "validate", "--json", "--rule", "static=off", path], capture_output=True, text=True)
        try:
            report = json.loads(result.stdout)["files"][0]
        except (ValueError, KeyError, IndexError):
            continue
        audio = (report.get("decode") or {}).get("audio") or {}
        loudness = audio.get("loudness")
        if not loudness:
            continue
        ours, theirs = loudness["integrated"], ffmpeg_integrated(path, audio["stream"])
        difference = abs(ours - theirs)
        worst, count = max(worst, difference), count + 1
        print(f"| {os.path.basename(path)} | {ours:.3f} | {theirs:.3f} | {difference:.3f} |", flush=True)
    NOTES.append(f"loudness: {count} files with audio; largest difference {worst:.3f} LU (target: at most 0.1).")
    COMMANDS.append(("sorareel", f"{shlex.quote(BIN)} validate --json F (decode.audio.loudness.integrated)"))
    COMMANDS.append(("ffmpeg", "ffmpeg -i F -map 0:STREAM -af ebur128=metadata=1,ametadata=mode=print:key=lavfi.r128.I:file=- -f null - (last value)"))
