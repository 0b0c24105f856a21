#version 330 core
// Replay timeline rectangles in window pixels (origin top-left), flat colours.
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec4 a_colour;
uniform vec2 u_view;
out vec4 v_colour;

void main()
{
    vec2 p = a_pos / u_view * 2.0 - 1.0;
    gl_Position = vec4(p.x, -p.y, 0.0, 1.0);
    v_colour = a_colour;
}
