#include "CFFmpegShims.h"

#include <stdatomic.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/log.h>

static _Atomic(CFFmpegShims_LogSink) router_sink = NULL;
static atomic_int router_level = AV_LOG_ERROR;

// Reads the owner tag from the two context kinds SoraReel registers; the class
// pointer is the first field of every AVClass-enabled struct.
static void *owner_tag(void *avcl) {
    if (avcl == NULL) return NULL;
    const AVClass *cls = *(const AVClass **)avcl;
    if (cls == avcodec_get_class()) return ((AVCodecContext *)avcl)->opaque;
    if (cls == avformat_get_class()) return ((AVFormatContext *)avcl)->opaque;
    return NULL;
}

static void route(void *avcl, int level, const char *fmt, va_list vl) {
    if (level > atomic_load(&router_level)) return;
    CFFmpegShims_LogSink sink = atomic_load(&router_sink);
    if (sink == NULL) return;
    char line[1024];
    int print_prefix = 1;
    av_log_format_line2(avcl, level, fmt, vl, line, sizeof(line), &print_prefix);
    sink(owner_tag(avcl), level, line);
}

void CFFmpegShims_installLogRouter(CFFmpegShims_LogSink sink, int maxLevel) {
    atomic_store(&router_level, maxLevel);
    atomic_store(&router_sink, sink);
    av_log_set_callback(route);
}

void CFFmpegShims_setRouterLevel(int maxLevel) {
    atomic_store(&router_level, maxLevel);
}
