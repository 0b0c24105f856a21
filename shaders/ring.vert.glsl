#version 330 core
// Alert rings: an annulus on the globe surface around each ring's centre (instanced), built
// from gl_VertexID as a triangle strip; the fragment shader draws a steady ring and a pulse.
layout(location = 0) in vec3 a_centre; // unit vector
layout(location = 1) in vec4 a_color;  // rgb, age in seconds
layout(location = 2) in float a_radius; // radians of arc

uniform mat4 u_vp;
uniform vec3 u_eye; // no depth buffer: the far side is hidden per vertex
uniform int u_steps;

out float v_r; // radius in units of the ring radius, 0.4 .. 1.8
flat out vec4 v_color;
out float v_visible; // 1 on the near side of the globe, fading to 0 over the limb

void main()
{
    vec3 a = normalize(cross(abs(a_centre.y) < 0.9 ? vec3(0, 1, 0) : vec3(1, 0, 0), a_centre));
    vec3 b = cross(a_centre, a);
    float ang = 6.2831853 * float(gl_VertexID >> 1) / float(u_steps);
    v_r = (gl_VertexID & 1) == 1 ? 1.8 : 0.4;
    float rho = a_radius * v_r;
    vec3 p = normalize(a_centre * cos(rho) + sin(rho) * (cos(ang) * a + sin(ang) * b)) * 1.003;
    v_color = a_color;
    v_visible = clamp((dot(p, u_eye) - 1.0) * 20.0, 0.0, 1.0);
    gl_Position = u_vp * vec4(p, 1.0);
}
