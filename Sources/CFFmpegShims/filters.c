#include "CFFmpegShims.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavfilter/version_major.h>
#include <libavutil/macros.h>

// The soname of the major version the headers describe, e.g. libavfilter.so.8.
#define FILTERS_LIBRARY "libavfilter.so." AV_STRINGIFY(LIBAVFILTER_VERSION_MAJOR)

static struct {
    AVFilterGraph *(*graph_alloc)(void);
    void (*graph_free)(AVFilterGraph **);
    int (*graph_config)(AVFilterGraph *, void *);
    int (*graph_parse_ptr)(AVFilterGraph *, const char *, AVFilterInOut **, AVFilterInOut **, void *);
    int (*graph_create_filter)(AVFilterContext **, const AVFilter *, const char *, const char *, void *, AVFilterGraph *);
    const AVFilter *(*get_by_name)(const char *);
    int (*link)(AVFilterContext *, unsigned, AVFilterContext *, unsigned);
    AVFilterInOut *(*inout_alloc)(void);
    void (*inout_free)(AVFilterInOut **);
    int (*buffersrc_add_frame_flags)(AVFilterContext *, AVFrame *, int);
    int (*buffersink_get_frame)(AVFilterContext *, AVFrame *);
} filters;

static pthread_once_t filters_once = PTHREAD_ONCE_INIT;
static char filters_failure[512];

#define RESOLVE(field, symbol)                                                                      \
    if ((*(void **)&filters.field = dlsym(library, symbol)) == NULL) {                             \
        snprintf(filters_failure, sizeof filters_failure, "%s has no %s", FILTERS_LIBRARY, symbol); \
        return;                                                                                     \
    }

static void load_filters(void) {
    void *library = dlopen(FILTERS_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        snprintf(filters_failure, sizeof filters_failure, "%s could not be loaded (install libavfilter8)", FILTERS_LIBRARY);
        return;
    }
    RESOLVE(graph_alloc, "avfilter_graph_alloc")
    RESOLVE(graph_free, "avfilter_graph_free")
    RESOLVE(graph_config, "avfilter_graph_config")
    RESOLVE(graph_parse_ptr, "avfilter_graph_parse_ptr")
    RESOLVE(graph_create_filter, "avfilter_graph_create_filter")
    RESOLVE(get_by_name, "avfilter_get_by_name")
    RESOLVE(link, "avfilter_link")
    RESOLVE(inout_alloc, "avfilter_inout_alloc")
    RESOLVE(inout_free, "avfilter_inout_free")
    RESOLVE(buffersrc_add_frame_flags, "av_buffersrc_add_frame_flags")
    RESOLVE(buffersink_get_frame, "av_buffersink_get_frame")
}

const char *CFFmpegShims_loadFilters(void) {
    pthread_once(&filters_once, load_filters);
    return filters_failure[0] != '\0' ? filters_failure : NULL;
}

AVFilterGraph *CFFmpegShims_avfilter_graph_alloc(void) { return filters.graph_alloc(); }

void CFFmpegShims_avfilter_graph_free(AVFilterGraph **graph) { filters.graph_free(graph); }

int CFFmpegShims_avfilter_graph_config(AVFilterGraph *graph) { return filters.graph_config(graph, NULL); }

int CFFmpegShims_avfilter_graph_parse_ptr(AVFilterGraph *graph, const char *description, AVFilterInOut **inputs,
                                          AVFilterInOut **outputs) {
    return filters.graph_parse_ptr(graph, description, inputs, outputs, NULL);
}

int CFFmpegShims_avfilter_graph_create_filter(AVFilterContext **context, const char *filter, const char *name,
                                              const char *options, AVFilterGraph *graph) {
    const AVFilter *definition = filters.get_by_name(filter);
    if (definition == NULL) return AVERROR_FILTER_NOT_FOUND;
    return filters.graph_create_filter(context, definition, name, options, NULL, graph);
}

int CFFmpegShims_avfilter_link(AVFilterContext *source, AVFilterContext *destination) {
    return filters.link(source, 0, destination, 0);
}

AVFilterInOut *CFFmpegShims_avfilter_inout_alloc(void) { return filters.inout_alloc(); }

void CFFmpegShims_avfilter_inout_free(AVFilterInOut **inout) { filters.inout_free(inout); }

int CFFmpegShims_av_buffersrc_add_frame_flags(AVFilterContext *source, AVFrame *frame, int flags) {
    return filters.buffersrc_add_frame_flags(source, frame, flags);
}

int CFFmpegShims_av_buffersink_get_frame(AVFilterContext *sink, AVFrame *frame) {
    return filters.buffersink_get_frame(sink, frame);
}
