#version 330 core
// HUD rectangles in window pixels (origin top-left); the fragment shader rounds them.
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_local;   // pixel offset from the rectangle's centre
layout(location = 2) in vec4 a_shape;   // half width, half height, corner radius, edge width
layout(location = 3) in vec4 a_fill;
layout(location = 4) in vec4 a_edge;
uniform vec2 u_view;
out vec2 v_local;
flat out vec4 v_shape;
out vec4 v_fill;
flat out vec4 v_edge;

void main()
{
    vec2 p = a_pos / u_view * 2.0 - 1.0;
    gl_Position = vec4(p.x, -p.y, 0.0, 1.0);
    v_local = a_local;
    v_shape = a_shape;
    v_fill = a_fill;
    v_edge = a_edge;
}
