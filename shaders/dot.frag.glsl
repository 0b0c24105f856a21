#version 330 core
// A soft round dot, premultiplied "over".
flat in vec3 v_color;
flat in float v_alpha;
out vec4 o_color;

void main()
{
    vec2 d = gl_PointCoord * 2.0 - 1.0;
    float cover = clamp(1.3 * (1.0 - dot(d, d)), 0.0, 1.0) * v_alpha;
    o_color = vec4(v_color * cover, cover);
}
