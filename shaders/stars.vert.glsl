#version 330 core
// Background stars: directions at infinity, so they turn with the view but never move closer.
layout(location = 0) in vec4 a_star; // xyz direction, w brightness

uniform mat4 u_vp;
uniform float u_px;

out float v_bright;

void main()
{
    vec4 c = u_vp * vec4(a_star.xyz, 0.0);
    gl_Position = vec4(c.xy, c.w * 0.99999, c.w);
    gl_PointSize = u_px * (1.0 + 1.6 * a_star.w);
    v_bright = a_star.w;
}
