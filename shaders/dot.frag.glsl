#version 330 core
flat in vec3 v_color;
flat in float v_alpha;
out vec4 o_color;

void main()
{
    vec2 d = gl_PointCoord * 2.0 - 1.0;
    float k = max(0.0, 1.0 - dot(d, d));
    o_color = vec4(v_color * (k * 1.3) * v_alpha, 1.0);
}
