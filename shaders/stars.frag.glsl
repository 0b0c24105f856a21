#version 330 core
in float v_bright;
out vec4 o_color;

void main()
{
    vec2 d = gl_PointCoord * 2.0 - 1.0;
    float k = max(0.0, 1.0 - dot(d, d));
    o_color = vec4(vec3(0.55, 0.65, 0.85) * k * (0.15 + 0.5 * v_bright), 1.0);
}
