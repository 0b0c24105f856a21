/* glutil.c - program/texture helpers (see glutil.h). */
#include "glutil.h"

#include <stdio.h>
#include <string.h>

#include "shaders.h"

#define MAX_PARTS 4

/* Compiles one stage from "a.glsl" or "a.glsl+b.glsl" (sources concatenated in order); 0 with
 * the driver's log in err on failure. */
static GLuint compile(GLenum type, const char *name, char *err, size_t errcap)
{
    const char *src[MAX_PARTS];
    GLsizei n = 0;
    for (const char *p = name; *p && n < MAX_PARTS; n++) {
        char part[64];
        size_t len = strcspn(p, "+");
        snprintf(part, sizeof part, "%.*s", (int)len, p);
        src[n] = dg_shader_source(part);
        if (!src[n]) {
            snprintf(err, errcap, "shader %s: not embedded in this build", part);
            return 0;
        }
        p += len + (p[len] == '+');
    }
    GLuint s = glCreateShader(type);
    glShaderSource(s, n, src, NULL);
    glCompileShader(s);
    GLint ok = 0;
    glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
    if (ok) return s;
    char log[1024] = "";
    glGetShaderInfoLog(s, sizeof log, NULL, log);
    snprintf(err, errcap, "shader %s: compile failed: %s", name, log);
    glDeleteShader(s);
    return 0;
}

GLuint dgu_program(const char *vs_name, const char *fs_name, char *err, size_t errcap)
{
    GLuint vs = compile(GL_VERTEX_SHADER, vs_name, err, errcap);
    if (!vs) return 0;
    GLuint fs = compile(GL_FRAGMENT_SHADER, fs_name, err, errcap);
    if (!fs) {
        glDeleteShader(vs);
        return 0;
    }
    GLuint p = glCreateProgram();
    glAttachShader(p, vs);
    glAttachShader(p, fs);
    glLinkProgram(p);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(p, GL_LINK_STATUS, &ok);
    if (ok) return p;
    char log[1024] = "";
    glGetProgramInfoLog(p, sizeof log, NULL, log);
    snprintf(err, errcap, "program %s + %s: link failed: %s", vs_name, fs_name, log);
    glDeleteProgram(p);
    return 0;
}

GLuint dgu_texture_rgba(const unsigned char *px, int w, int h, bool mipmap)
{
    GLuint t;
    glGenTextures(1, &t);
    glBindTexture(GL_TEXTURE_2D, t);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, px);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_REPEAT);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER,
                    mipmap ? GL_LINEAR_MIPMAP_LINEAR : GL_LINEAR);
    if (mipmap) glGenerateMipmap(GL_TEXTURE_2D);
    return t;
}

bool dgu_have_gl33(char *err, size_t errcap)
{
    const struct {
        const char *name;
        const void *fn;
    } need[] = {
        {"glCreateShader", (const void *)glCreateShader},
        {"glGenVertexArrays", (const void *)glGenVertexArrays},
        {"glVertexAttribDivisor", (const void *)glVertexAttribDivisor},
        {"glDrawArraysInstanced", (const void *)glDrawArraysInstanced},
        {"glBufferSubData", (const void *)glBufferSubData},
        {"glGenerateMipmap", (const void *)glGenerateMipmap},
    };
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
        if (need[i].fn) continue;
        snprintf(err, errcap, "OpenGL 3.3 function %s is not available", need[i].name);
        return false;
    }
    return true;
}

GLuint dgu_program_or_warn(const char *vs_name, const char *fs_name)
{
    char err[1024];
    GLuint p = dgu_program(vs_name, fs_name, err, sizeof err);
    if (!p) fprintf(stderr, "darkglobe: %s\n", err);
    return p;
}
